// Apache Qpid Proton-C 0.37 (Debian 12 libqpid-proton11-dev: one library, pkg-config libqpid-proton,
// core and proactor together) for Swift. Swift imports the functions directly; the shims below cover
// what it cannot: variadic calls and macros that are not plain constants.
#ifndef KEPEDGE_CQPIDPROTON_SHIM_H
#define KEPEDGE_CQPIDPROTON_SHIM_H
#include <proton/condition.h>
#include <proton/connection.h>
#include <proton/delivery.h>
#include <proton/disposition.h>
#include <proton/event.h>
#include <proton/link.h>
#include <proton/listener.h>
#include <proton/message.h>
#include <proton/netaddr.h>
#include <proton/proactor.h>
#include <proton/sasl.h>
#include <proton/sasl_plugin.h>
#include <proton/session.h>
#include <proton/ssl.h>
#include <proton/terminus.h>
#include <proton/transport.h>
#include <proton/codec.h>

/// PN_ACCEPTED and friends are `#define`d as casts, which Swift does not import.
static inline uint64_t kepedge_pn_accepted(void) { return PN_ACCEPTED; }
static inline uint64_t kepedge_pn_rejected(void) { return PN_REJECTED; }

/// pn_condition_format is variadic; Swift passes the text already formatted.
static inline int kepedge_pn_condition_set(pn_condition_t *condition, const char *name, const char *description) {
    return pn_condition_set_name(condition, name) || pn_condition_set_description(condition, description);
}

/// A pn_msgid_t (pn_atom_t) holding a ulong, for request message-ids.
static inline pn_msgid_t kepedge_pn_ulong_id(uint64_t value) {
    pn_msgid_t id;
    id.type = PN_ULONG;
    id.u.as_ulong = value;
    return id;
}

/// The ulong in a message-id / correlation-id, or UINT64_MAX when it holds another type.
static inline uint64_t kepedge_pn_id_ulong(pn_msgid_t id) {
    return id.type == PN_ULONG ? id.u.as_ulong : UINT64_MAX;
}
#endif
