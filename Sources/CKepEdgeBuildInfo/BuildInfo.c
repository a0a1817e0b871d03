// The commit stamp lives in C because Swift has no conditional include: a plain `swift build` from a clean
// clone compiles without the generated header, and scripts/build-deb writes it (gitignored) for a release.
#include "CKepEdgeBuildInfo.h"

#if __has_include("build-info.generated.h")
#include "build-info.generated.h"
#endif

#ifndef KEPEDGE_BUILD_COMMIT
#define KEPEDGE_BUILD_COMMIT ""
#endif

const char *kepedge_build_commit(void) { return KEPEDGE_BUILD_COMMIT; }
