// kepedge lab broker authentication: a mosquitto 2.0 plugin (v5 API) that authenticates MQTT clients
// the way Azure IoT Edge's edgeHub does (username parser, SAS token, device scope, log lines).
//
// Nothing here is meant to be imported by Swift: the product is `libkepedge-broker-auth.so`, loaded by
// mosquitto with `plugin /path/libkepedge-broker-auth.so`. See docs/lab-broker-auth.md.
#ifndef KEPEDGE_BROKER_AUTH_H
#define KEPEDGE_BROKER_AUTH_H

/// The plugin's name as it appears in the broker log.
#define KEPEDGE_BROKER_AUTH_NAME "kepedge-broker-auth"

#endif
