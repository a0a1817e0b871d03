import KepEdgeCore
import Testing

/// Real edgeHub log lines, each with where it was published, and what kepedge must make of it (issue 13 §2).
///
/// `posted` lines are copied as posted in public issues (ids as the posters wrote them); `source` lines are the
/// message templates of Azure/iotedge's source with an example id filled in (the path names the file and
/// `Events` method), for wordings nobody has posted yet.
struct EdgeHubLogSample: Sendable, CustomTestStringConvertible {
    let line: String
    let source: String
    let expected: LogClassification?
    var testDescription: String { source }
}

enum EdgeHubLogCorpus {
    static let samples: [EdgeHubLogSample] = [
        // --- posted lines --------------------------------------------------------------------------------------------
        .init(line: "<6> 2019-09-24 10:47:43.450 +00:00 [INF] - Unable to authenticate client da-device-BACnet-1236 with cached service identity da-device-BACnet-1236. Resyncing service identity...",
              source: "https://github.com/Azure/iotedge/issues/1746 (edgeHub 1.0.8, pre-'Found:' wording)", expected: .notInScopeCache),
        .init(line: "<4> 2019-09-24 10:47:44.259 +00:00 [WRN] - Received null device scope result for da-device-BACnet-1236",
              source: "https://github.com/Azure/iotedge/issues/1746 (pre-PR #1661 wording)", expected: .noDeviceScope),
        .init(line: "<6> 2019-09-24 10:43:31.521 +00:00 [INF] - Opened link TwinSending for da-device-BACnet-4144367",
              source: "https://github.com/Azure/iotedge/issues/1746 (AMQP link: nothing to say)", expected: nil),
        .init(line: "<6> 2023-03-03 09:33:57.711 +00:00 [INF] - Unable to authenticate client 00137A1000011656 with cached service identity 00137A1000011656 (Found: False). Resyncing service identity...",
              source: "https://github.com/Azure/iotedge/issues/6936 (IoT Edge 1.4)", expected: .notInScopeCache),
        .init(line: "<4> 2023-03-03 09:33:58.181 +00:00 [WRN] - Error while refreshing the service identity: 00137A1000011656 OnBehalfOf: carsi4iiotedge1",
              source: "https://github.com/Azure/iotedge/issues/6936 (IoT Edge 1.4, nested-era wording)", expected: .serviceIdentityRefreshFailed),
        .init(line: "<4> 2020-10-26 15:14:24.685 +00:00 [WRN] - Error while refreshing the service identity for uat2debc6682f391903f31826bcbaefd2571e234e49",
              source: "https://github.com/Azure/Industrial-IoT/issues/831 (edgeHub 1.0.x wording)", expected: .serviceIdentityRefreshFailed),
        .init(line: "<7> 2024-03-21 12:57:05.878 +00:00 [DBG] [Microsoft.Azure.Devices.Edge.Hub.Core.DeviceScopeAuthenticator] - Client <IoT Edge name>/LoRaWanNetworkSrvModule in device scope reauthenticated locally.",
              source: "https://github.com/Azure/iotedge/issues/7247 (IoT Edge 1.4, debug level)", expected: .reauthenticatedLocally),
        .init(line: "<6> 2024-03-21 12:57:05.877 +00:00 [INF] [Microsoft.Azure.Devices.Edge.Hub.Core.ConnectionReauthenticator] - Entering periodic task to reauthenticate connected clients",
              source: "https://github.com/Azure/iotedge/issues/7247", expected: nil),
        .init(line: "2019-02-12 10:57:49.593 +00:00 [INF] - New device connection for device EdgeDemoDevice1/$edgeHub",
              source: "https://github.com/Azure/iotedge/issues/834", expected: .newDeviceConnection),
        .init(line: "2019-02-12 10:57:59.619 +00:00 [INF] - Cloud connection for EdgeDemoDevice1/$edgeHub is True",
              source: "https://github.com/Azure/iotedge/issues/834", expected: .cloudConnected),
        // --- source templates ----------------------------------------------------------------------------------------
        .init(line: "<4> 2024-11-19 13:57:17.901 +00:00 [WRN] - Device scope not found for kepware-01. Parent-child relationship is not set.",
              source: "Azure/iotedge edge-hub/core/src/Microsoft.Azure.Devices.Edge.Hub.CloudProxy/DeviceScopeApiClient.cs Events.ScopeNotFound (since PR #1661)",
              expected: .noDeviceScope),
        .init(line: "<6> 2024-11-19 13:57:17.901 +00:00 [INF] - Unable to authenticate client kepware-01 with cached service identity kepware-01 (Found: True). Resyncing service identity...",
              source: "Azure/iotedge edge-hub/core/src/Microsoft.Azure.Devices.Edge.Hub.Core/DeviceScopeAuthenticator.cs Events.ResyncingServiceIdentity",
              expected: .cachedIdentityCredentialsFailed),
        .init(line: "<7> 2024-11-19 13:57:17.901 +00:00 [DBG] [Microsoft.Azure.Devices.Edge.Hub.Core.DeviceScopeAuthenticator] - Client kepware-01 in device scope not reauthenticated locally.",
              source: "Azure/iotedge DeviceScopeAuthenticator.cs Events.ReauthenticatedInScope(isAuthenticated: false)", expected: .notReauthenticatedLocally),
        .init(line: "<6> 2024-11-19 13:57:17.901 +00:00 [INF] - Client kepware-01 in device scope not authenticated locally.",
              source: "Azure/iotedge DeviceScopeAuthenticator.cs Events.AuthenticatedInScope", expected: .notAuthenticatedLocally),
        .init(line: "<4> 2024-11-19 13:57:17.901 +00:00 [WRN] - Error authenticating token for kepware-01 because the audience hostname sdbedgeiothub.azure-devices.net does not match IoTHub hostname sdbedgeIoTHub.azure-devices.net or the EdgeHub hostname gw01.",
              source: "Azure/iotedge edge-hub/core/src/Microsoft.Azure.Devices.Edge.Hub.CloudProxy/authenticators/DeviceScopeTokenAuthenticator.cs Events.InvalidHostName (1.1 compares case included)",
              expected: .audienceMismatch),
        .init(line: "<7> 2024-11-19 13:57:17.901 +00:00 [DBG] - Received scope result for kepware-01 with status code BadRequest indicating that kepware-01 has been removed from the scope",
              source: "Azure/iotedge DeviceScopeApiClient.cs Events.BadRequestResult", expected: .removedFromScope),
        .init(line: "<6> 2019-06-24 10:00:00.000 +00:00 [INF] - Unable to re-authenticate kepware-01, dropping client connection.",
              source: "https://github.com/Azure/iotedge/issues/1376 (maintainer quoting ConnectionReauthenticator.cs)", expected: .reauthenticationFailed),
    ]
}
