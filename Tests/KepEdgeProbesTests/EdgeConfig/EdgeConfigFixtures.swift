import Foundation

/// Config files modelled on the IoT Edge templates (azure.md §4): real layouts, comments and all.
enum EdgeConfigFixtures {
    /// IoT Edge 1.2+ `/etc/aziot/config.toml` for a transparent gateway with manual provisioning.
    static func toml(hostname: String = "gw01", trustBundle: String = "file:///var/secrets/azure-iot-test-only.root.ca.cert.pem") -> String {
        """
        # ==============================================================================
        # Hostname
        # ==============================================================================
        hostname = "\(hostname)"

        # ==============================================================================
        # Trust bundle cert
        # ==============================================================================
        trust_bundle_cert = "\(trustBundle)"

        # ==============================================================================
        # Provisioning
        # ==============================================================================
        [provisioning]
        source = "manual"
        connection_string = "HostName=plant-hub.azure-devices.net;DeviceId=gw01-edge;SharedAccessKey=ZmFrZWtleWZha2VrZXlmYWtla2V5ZmFrZWtleQ=="

        # ==============================================================================
        # Edge CA certificate
        # ==============================================================================
        [edge_ca]
        cert = "file:///var/secrets/iot-edge-device-ca-gw01-full-chain.cert.pem"
        pk = "file:///var/secrets/iot-edge-device-ca-gw01.key.pem"

        [edge_ca.auto_renew]
        rotate_key = true
        threshold = "80%"
        retry = "4%"

        [agent]
        name = "edgeAgent"
        type = "docker"

        [agent.config]
        image = "mcr.microsoft.com/azureiotedge-agent:1.5"

        [connect]
        workload_uri = "unix:///var/run/iotedge/workload.sock"
        management_uri = "unix:///var/run/iotedge/mgmt.sock"
        """
    }

    /// 1.2+ with `iothub_hostname`/`device_id` and a SAS key in a sub-table, instead of a connection string.
    static let tomlWithSeparateProvisioningFields = """
        hostname = "GW02.plant.local"

        [provisioning]
        source = "manual"
        iothub_hostname = "plant-hub.azure-devices.net"
        device_id = "gw02-edge"

        [provisioning.authentication]
        method = "sas"
        device_id_pk = { value = "ZmFrZWtleWZha2VrZXlmYWtla2V5ZmFrZWtleQ==" }
        """

    /// IoT Edge 1.1 `/etc/iotedge/config.yaml`, certificates section filled in.
    static func yaml(hostname: String = "GW01") -> String {
        """
        ###############################################################################
        #                      IoT Edge Daemon configuration
        ###############################################################################
        provisioning:
          source: "manual"
          device_connection_string: "HostName=plant-hub.azure-devices.net;DeviceId=gw01-edge;SharedAccessKey=ZmFrZWtleWZha2VrZXlmYWtla2V5ZmFrZWtleQ=="
          dynamic_reprovisioning: false

        certificates:
          device_ca_cert: "file:///home/edge/certs/iot-edge-device-ca-gw01-full-chain.cert.pem"
          device_ca_pk: "file:///home/edge/private/iot-edge-device-ca-gw01.key.pem"
          trusted_ca_certs: "file:///home/edge/certs/azure-iot-test-only.root.ca.cert.pem"

        agent:
          name: "edgeAgent"
          type: "docker"
          env: {}
          config:
            image: "mcr.microsoft.com/azureiotedge-agent:1.1"
            auth: {}

        # Regardless of case the hostname is specified below, a lower case value is used to
        # configure the Edge Hub server hostname as well as the environment variable
        # specified below.
        hostname: "\(hostname)"

        connect:
          management_uri: "unix:///var/run/iotedge/mgmt.sock"
          workload_uri: "unix:///var/run/iotedge/workload.sock"
        """
    }

    /// 1.1 as installed: certificates commented out (quickstart CA), hostname filled in.
    static let yamlWithCertificatesCommentedOut = """
        provisioning:
          source: "manual"
          device_connection_string: "<ADD DEVICE CONNECTION STRING HERE>"

        # certificates:
        #   device_ca_cert: "<ADD URI TO DEVICE CA CERTIFICATE HERE>"
        #   device_ca_pk: "<ADD URI TO DEVICE CA PRIVATE KEY HERE>"
        #   trusted_ca_certs: "<ADD URI TO TRUSTED CA CERTIFICATES HERE>"
        #   auto_generated_ca_lifetime_days: 90

        hostname: "edge-line3"
        """
}
