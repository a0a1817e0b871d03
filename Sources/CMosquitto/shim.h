// libmosquitto (MQTT 3.1.1 client) for Swift.
#ifndef KEPEDGE_CMOSQUITTO_SHIM_H
#define KEPEDGE_CMOSQUITTO_SHIM_H
#include <mosquitto.h>
#endif
