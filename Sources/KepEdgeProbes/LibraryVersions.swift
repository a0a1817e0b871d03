import CMosquitto
import COpenSSL

/// The versions of the C libraries kepedge runs on, for `kepedge --version --verbose` and bug reports.
public enum LibraryVersions {
    public static var openSSL: String {
        String(cString: OpenSSL_version(OPENSSL_VERSION))
    }

    public static var mosquitto: String {
        var major: Int32 = 0, minor: Int32 = 0, revision: Int32 = 0
        _ = mosquitto_lib_version(&major, &minor, &revision)
        return "libmosquitto \(major).\(minor).\(revision)"
    }
}
