/// Real edgeHub metrics output collected from public sources, each with where it came from. Lines are
/// as posted (some pages are excerpts: the posts themselves were cut), so the parser meets the real spellings.
enum EdgeHubMetricsCorpus {
    /// IoT Edge 1.1-era edgeHub, module `opcpublisher` sending upstream: the three common labels
    /// (`iothub`, `edge_device`, `instance_number`), `to="upstream"`, the default priority, a summary.
    /// Source: https://github.com/Azure/iotedge/issues/5154 (the reporter's scrape of http://edgeHub:9600/metrics).
    static let issue5154 = #"""
    # HELP edgehub_message_process_duration_seconds Time taken to process message in EdgeHub
    # TYPE edgehub_message_process_duration_seconds summary
    edgehub_message_process_duration_seconds_sum{iothub="omadeviothub01.azure-devices.net",edge_device="edgy01",instance_number="97734c1b-6e2d-4dee-b1f1-5be2874429f8",from="edgy01/opcpublisher",to="upstream",priority="2000000000",ms_telemetry="True"} 2.752821999999999
    edgehub_message_process_duration_seconds_count{iothub="omadeviothub01.azure-devices.net",edge_device="edgy01",instance_number="97734c1b-6e2d-4dee-b1f1-5be2874429f8",from="edgy01/opcpublisher",to="upstream",priority="2000000000",ms_telemetry="True"} 1145
    edgehub_message_process_duration_seconds{iothub="omadeviothub01.azure-devices.net",edge_device="edgy01",instance_number="97734c1b-6e2d-4dee-b1f1-5be2874429f8",from="edgy01/opcpublisher",to="upstream",priority="2000000000",ms_telemetry="True",quantile="0.1"} 0.00143
    edgehub_message_process_duration_seconds{iothub="omadeviothub01.azure-devices.net",edge_device="edgy01",instance_number="97734c1b-6e2d-4dee-b1f1-5be2874429f8",from="edgy01/opcpublisher",to="upstream",priority="2000000000",ms_telemetry="True",quantile="0.5"} 0.00156
    """#

    /// edgeHub 1.0.9-rc2: `protocol` label on received, `$edgeHub` ids, a summary with quantiles.
    /// Source: https://github.com/Azure/iotedge/pull/1724 (the scrape the v2 metrics docs were written from).
    static let pull1724 = #"""
    # HELP edgehub_gettwin_total Get twin calls
    # TYPE edgehub_gettwin_total counter
    edgehub_gettwin_total{iothub="xyz.azure-devices.net",edge_device="myEdgeDevice2",source="upstream",id="myEdgeDevice2/$edgeHub"} 1
    # HELP edgehub_messages_received_total Messages received from clients
    # TYPE edgehub_messages_received_total counter
    edgehub_messages_received_total{iothub="xyz.azure-devices.net",edge_device="myEdgeDevice2",protocol="amqp",id="myEdgeDevice2/SimulatedTemperatureSensor"} 1
    # HELP edgehub_message_size_bytes Size of messages received by EdgeHub
    # TYPE edgehub_message_size_bytes summary
    edgehub_message_size_bytes_sum{iothub="xyz.azure-devices.net",edge_device="myEdgeDevice2",id="myEdgeDevice2/SimulatedTemperatureSensor"} 420
    edgehub_message_size_bytes_count{iothub="xyz.azure-devices.net",edge_device="myEdgeDevice2",id="myEdgeDevice2/SimulatedTemperatureSensor"} 1
    edgehub_message_size_bytes{iothub="xyz.azure-devices.net",edge_device="myEdgeDevice2",id="myEdgeDevice2/SimulatedTemperatureSensor",quantile="0.5"} 420
    edgehub_message_size_bytes{iothub="xyz.azure-devices.net",edge_device="myEdgeDevice2",id="myEdgeDevice2/SimulatedTemperatureSensor",quantile="0.9"} 420
    """#

    /// The metrics-collector's "actual message" (a space before `=` after `iothub`, connect-success ids in
    /// `identity.ToString()` form, CRLF-free `Environment.NewLine` on Linux).
    /// Source: Azure/iotedge `edge-modules/metrics-collector/tests/.../MiscellaneousTests.cs` (TestSingleEndpointFilter).
    static let metricsCollectorTest = #"""
    total_network_out_bytes{iothub="IoTHub.azure-devices.net",edge_device="Ubuntu-20",instance_number="b9e51990-f3f9-4d90-8fc7-ef62d01929b2",module_name="edgeHub",ms_telemetry="False"} 1683388
    total_network_out_bytes{iothub ="IoTHub.azure-devices.net",edge_device="Ubuntu-20",instance_number="b9e51990-f3f9-4d90-8fc7-ef62d01929b2",module_name="edgeAgent",ms_telemetry="False"} 5134109
    edgehub_client_connect_success_total{iothub ="IoTHub.azure-devices.net",edge_device="Ubuntu-20",instance_number="023163b5-1db5-41bc-b57e-4c4d1047d9c9",id="DeviceId: Ubuntu-20; ModuleId: IoTEdgeMetricsCollector [IotHubHostName: IoTHub.azure-devices.net]"} 2
    edgehub_client_connect_success_total{iothub ="IoTHub.azure-devices.net",edge_device="Ubuntu-20",instance_number="023163b5-1db5-41bc-b57e-4c4d1047d9c9",id="DeviceId: Ubuntu-20; ModuleId: $edgeHub [IotHubHostName: IoTHub.azure-devices.net]"} 1
    """#

    /// A leaf device behind edge device `gw`, in the shape edgeHub's code writes (not captured from a device:
    /// no public capture with a downstream device exists; cloud-side.md B.5 and the source files it names).
    static func leafPage(device: String = "kepware-01", instance: String = "5f1c9a52-0d8e-4a55-9d3e-1b0f6b1f7c11",
                         received: Int, sent: Int, queue: Int = 0, droppedNoRoute: Int = 0, connectFailed: Int = 0) -> String {
        let common = #"iothub="plant.azure-devices.net",edge_device="gw",instance_number="\#(instance)""#
        var lines = [
            "# HELP edgehub_messages_received_total Messages received from client",
            "# TYPE edgehub_messages_received_total counter",
            #"edgehub_messages_received_total{\#(common),id="\#(device)",route_output="",ms_telemetry="True"} \#(received)"#,
            #"edgehub_messages_received_total{\#(common),id="gw/SimulatedTemperatureSensor",route_output="temperatureOutput",ms_telemetry="True"} 900"#,
            "# HELP edgehub_messages_sent_total Messages sent from edge hub",
            "# TYPE edgehub_messages_sent_total counter",
            #"edgehub_messages_sent_total{\#(common),from="\#(device)",to="upstream",from_route_output="",to_route_input="",priority="2000000000",ms_telemetry="True"} \#(sent)"#,
            #"edgehub_messages_sent_total{\#(common),from="gw/SimulatedTemperatureSensor",to="upstream",from_route_output="temperatureOutput",to_route_input="",priority="2000000000",ms_telemetry="True"} 900"#,
            "# HELP edgehub_queue_length Number of messages pending to be processed for the endpoint",
            "# TYPE edgehub_queue_length gauge",
            #"edgehub_queue_length{\#(common),endpoint="iothub",priority="2000000000",ms_telemetry="True"} \#(queue)"#,
            "# HELP edgehub_message_send_duration_seconds Time taken to send a message",
            "# TYPE edgehub_message_send_duration_seconds summary",
            #"edgehub_message_send_duration_seconds_sum{\#(common),from="\#(device)",to="upstream",from_route_output="",to_route_input=""} 0.5"#,
            #"edgehub_message_send_duration_seconds_count{\#(common),from="\#(device)",to="upstream",from_route_output="",to_route_input=""} \#(sent)"#,
            #"edgehub_message_send_duration_seconds{\#(common),from="\#(device)",to="upstream",from_route_output="",to_route_input="",quantile="0.5"} NaN"#,
            "# HELP edgehub_client_connect_success_total Total number of times each client successfully connected to edgeHub",
            "# TYPE edgehub_client_connect_success_total counter",
            #"edgehub_client_connect_success_total{\#(common),id="DeviceId: \#(device) [IotHubHostName: plant.azure-devices.net]"} 1"#,
            "# HELP edgehub_connected_clients Current number of clients connected to edgeHub",
            "# TYPE edgehub_connected_clients gauge",
            #"edgehub_connected_clients{\#(common)} 3"#,
        ]
        if droppedNoRoute > 0 {
            lines += ["# TYPE edgehub_messages_dropped_total counter",
                      #"edgehub_messages_dropped_total{\#(common),reason="no_route",from="\#(device)",from_route_output="",ms_telemetry="True"} \#(droppedNoRoute)"#]
        }
        if connectFailed > 0 {
            lines += ["# TYPE edgehub_client_connect_failed_total counter",
                      #"edgehub_client_connect_failed_total{\#(common),id="\#(device)",reason="not_authenticated",ms_telemetry="True"} \#(connectFailed)"#]
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
