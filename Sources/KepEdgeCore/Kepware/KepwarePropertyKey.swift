/// Kepware Configuration API property names for IoT Gateway MQTT Client agents and IoT items
/// (PTC `Kepware.Api` `IotGateway.Properties.cs`, PTC's Azure IoT Hub agent template).
public enum KepwarePropertyKey {
    public static let name = "common.ALLTYPES_NAME"
    public static let description = "common.ALLTYPES_DESCRIPTION"
    public static let agentType = "iot_gateway.AGENTTYPES_TYPE"
    public static let enabled = "iot_gateway.AGENTTYPES_ENABLED"
    public static let url = "iot_gateway.MQTT_CLIENT_URL"
    public static let topic = "iot_gateway.MQTT_CLIENT_TOPIC"
    public static let qos = "iot_gateway.MQTT_CLIENT_QOS"
    public static let rateMilliseconds = "iot_gateway.AGENTTYPES_RATE_MS"
    public static let publishFormat = "iot_gateway.AGENTTYPES_PUBLISH_FORMAT"
    public static let maxEvents = "iot_gateway.AGENTTYPES_MAX_EVENTS"
    public static let timeoutSeconds = "iot_gateway.AGENTTYPES_TIMEOUT_S"
    public static let messageFormat = "iot_gateway.AGENTTYPES_MESSAGE_FORMAT"
    public static let standardTemplate = "iot_gateway.AGENTTYPES_STANDARD_TEMPLATE"
    public static let expansionOfValues = "iot_gateway.AGENTTYPES_EXPANSION_OF_VALUES"
    public static let advancedTemplate = "iot_gateway.AGENTTYPES_ADVANCED_TEMPLATE"
    public static let sendInitialUpdate = "iot_gateway.AGENTTYPES_SEND_INITIAL_UPDATE"
    public static let publishType = "iot_gateway.AGENTTYPES_PUBLISH_TYPE"
    public static let ignoreQualityChanges = "iot_gateway.IGNORE_QUALITY_CHANGES"
    public static let clientID = "iot_gateway.MQTT_CLIENT_CLIENT_ID"
    public static let username = "iot_gateway.MQTT_CLIENT_USERNAME"
    public static let password = "iot_gateway.MQTT_CLIENT_PASSWORD"
    public static let tlsVersion = "iot_gateway.MQTT_TLS_VERSION"
    public static let clientCertificate = "iot_gateway.MQTT_CLIENT_CERTIFICATE"
    public static let enableLastWill = "iot_gateway.MQTT_CLIENT_ENABLE_LAST_WILL"
    public static let lastWillTopic = "iot_gateway.MQTT_CLIENT_LAST_WILL_TOPIC"
    public static let lastWillMessage = "iot_gateway.MQTT_CLIENT_LAST_WILL_MESSAGE"
    public static let enableWriteTopic = "iot_gateway.MQTT_CLIENT_ENABLE_WRITE_TOPIC"
    public static let writeTopic = "iot_gateway.MQTT_CLIENT_WRITE_TOPIC"
    /// A PUT must carry the current project id, or `FORCE_UPDATE: true`.
    public static let projectID = "PROJECT_ID"
    public static let forceUpdate = "FORCE_UPDATE"

    public static let itemServerTag = "iot_gateway.IOT_ITEM_SERVER_TAG"
    public static let itemUseScanRate = "iot_gateway.IOT_ITEM_USE_SCAN_RATE"
    public static let itemScanRateMilliseconds = "iot_gateway.IOT_ITEM_SCAN_RATE_MS"
    public static let itemSendEveryScan = "iot_gateway.IOT_ITEM_SEND_EVERY_SCAN"
    public static let itemDeadbandPercent = "iot_gateway.IOT_ITEM_DEADBAND_PERCENT"
    public static let itemEnabled = "iot_gateway.IOT_ITEM_ENABLED"
    public static let itemDataType = "iot_gateway.IOT_ITEM_DATA_TYPE"

    /// The properties that decide whether the agent reaches edgeHub and is accepted as the device (where
    /// it connects, as whom, on which topic, with what TLS and QoS). A publish rate or a template chosen
    /// differently is the engineer's business; one of these wrong and nothing arrives.
    public static let connectionCritical: Set<String> = [agentType, enabled, url, topic, qos, clientID, username, tlsVersion]

    /// The agent type value that selects the MQTT Client endpoint.
    public static let mqttClientAgentType = "MQTT Client"
}
