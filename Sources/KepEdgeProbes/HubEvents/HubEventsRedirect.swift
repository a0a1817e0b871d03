import CQpidProton
import Foundation
import KepEdgeCore

/// Step 1 of `az iot hub monitor-events`: AMQPS to the hub with SASL PLAIN (`<policy>@sas.root.<hub>`, an
/// IoT Hub SAS token for the hub host, 360 s, Azure/azure-iot-cli-extension `azext_iot/common/sas_token_auth.py`),
/// a receiver on `amqps://<hub>/messages/events/$management`, and the `amqp:link:redirect` detach that
/// names the Event Hub-compatible endpoint (`azext_iot/monitor/builders/hub_target_builder.py` `_evaluate_redirect`).
enum HubEventsRedirect {
    static func discover(_ request: HubEventsRequest, loop: ProtonLoop, now: Date = Date()) -> Result<EventHubTarget, HubEventsFailure> {
        let hub = request.owner.hub
        let token = SASToken.generate(resourceURI: hub.hostName, key: request.owner.key, expiry: Int(now.timeIntervalSince1970) + 360,
                                      policyName: request.owner.policyName)
        let endpoint = ProtonLoop.Endpoint(serverName: hub.hostName, port: request.port, dialHost: request.dialHost, caFile: request.caFile)
        _ = loop.connect(endpoint, sasl: .plain(user: EventHubTarget.plainUser(policyName: request.owner.policyName, hub: hub),
                                                password: token.value.revealed),
                         containerID: "kepedge/\(KepEdgeVersion.current)/\(UUID().uuidString.lowercased())")
        let step = "the IoT Hub connection (\(hub.hostName):\(request.port))"
        var result: Result<EventHubTarget, HubEventsFailure>?
        let stop = loop.run(deadline: now.addingTimeInterval(Double(request.stepTimeoutSeconds))) { event in
            switch pn_event_type(event) {
            case PN_CONNECTION_INIT:
                let connection: OpaquePointer = pn_event_connection(event)
                pn_connection_open(connection)
                let session: OpaquePointer = pn_session(connection)
                pn_session_open(session)
                _ = ProtonLinks.openReceiver(session, name: "kepedge-redirect", source: EventHubTarget.hubEventsAddress(hub: hub), credit: 1)
            case PN_LINK_REMOTE_CLOSE:
                let link: OpaquePointer = pn_event_link(event)
                let condition = pn_link_remote_condition(link)
                result = redirect(condition, step: step, host: hub.hostName, port: request.port)
                return false
            case PN_CONNECTION_REMOTE_CLOSE:
                let connection: OpaquePointer = pn_event_connection(event)
                let (name, description) = ProtonLoop.condition(pn_connection_remote_condition(connection)) ?? ("", "closed")
                result = .failure(HubEventsFailure.classify(condition: name, description: description, host: hub.hostName, port: request.port, step: step))
                return false
            case PN_TRANSPORT_CLOSED, PN_TRANSPORT_ERROR:
                let transport: OpaquePointer = pn_event_transport(event)
                let (name, description) = ProtonLoop.condition(pn_transport_condition(transport)) ?? ("", "the connection closed")
                result = .failure(HubEventsFailure.classify(condition: name, description: description, host: hub.hostName, port: request.port, step: step))
                return false
            case PN_DELIVERY:
                // A receiver that gets a message instead of a redirect is not talking to IoT Hub's events path.
                result = .failure(.noRedirect(detail: "a message arrived on messages/events without a redirect"))
                return false
            default: break
            }
            return true
        }
        if stop == .timedOut { return .failure(.timedOut(step: step, seconds: request.stepTimeoutSeconds)) }
        return result ?? .failure(.closed(condition: "stopped", detail: ""))
    }

    /// The redirect's target, from the detach's info map (string keys `hostname`, `network-host`, `port`, `address`).
    static func redirect(_ condition: OpaquePointer?, step: String, host: String, port: Int) -> Result<EventHubTarget, HubEventsFailure> {
        guard let (name, description) = ProtonLoop.condition(condition) else {
            return .failure(.noRedirect(detail: "the link closed with no error"))
        }
        guard name == "amqp:link:redirect" else {
            return .failure(HubEventsFailure.classify(condition: name, description: description, host: host, port: port, step: step))
        }
        let info = AMQPValue.read(pn_condition_info(condition))
        let target = EventHubTarget(redirectHostname: info["hostname"]?.text, networkHost: info["network-host"]?.text,
                                    port: info["port"]?.integer.map { Int($0) }, address: info["address"]?.text)
        guard let target else { return .failure(.noRedirect(detail: "the redirect named no host or address")) }
        return .success(target)
    }
}
