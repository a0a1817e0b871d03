#ifndef CKEPEDGE_BUILD_INFO_H
#define CKEPEDGE_BUILD_INFO_H

/// The git commit the binary was built from, as scripts/build-deb recorded it
/// (e.g. "237e10c5f0e1" or "237e10c5f0e1-dirty"); "" from a plain `swift build`.
const char *kepedge_build_commit(void);

#endif
