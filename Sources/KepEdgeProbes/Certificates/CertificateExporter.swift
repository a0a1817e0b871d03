import Foundation
import KepEdgeCore

/// Everything `kepedge certs export` produced: the DER `.cer` file and how to import it on Windows.
public struct CertificateExport: Equatable, Codable, Sendable {
    public var sourceFile: String
    /// The certificate exported (1-based position in the source file, and its summary).
    public var position: Int
    public var certificate: CertificateSummary
    /// The `.cer` file written.
    public var cerFile: String
    public var windowsImport: WindowsCertificateImport
}

/// Writes a CA certificate as a DER `.cer` file for the Kepware host (Windows imports DER or PEM;
/// `.cer` in DER is what its certificate dialogs open without asking).
public enum CertificateExporter {
    public struct ExportError: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// Exports the file's only certificate, or the root of a full chain, to `<folder>/<name>.cer`.
    /// The file is written completely or not at all.
    public static func export(_ file: CertificateFile, into folder: String) throws(ExportError) -> CertificateExport {
        guard let index = file.rootCandidateIndex else {
            throw ExportError(description:
                "\(file.path): holds \(file.summaries.count) certificates and no single self-signed root CA; give the root CA file (certGen.sh: certs/azure-iot-test-only.root.ca.cert.pem)")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ExportError(description: "\(folder): not an existing folder; create it or give another --out")
        }
        if let problem = sharedFolderProblem(folder) { throw ExportError(description: problem) }
        let fileName = cerFileName(for: file.path)
        let destination = URL(fileURLWithPath: folder).appendingPathComponent(fileName).path
        do {
            try AtomicFileWriter.write(file.derCertificates[index], to: destination, mode: 0o644)
        } catch {
            throw ExportError(description: error.description)
        }
        let summary = file.summaries[index]
        return CertificateExport(
            sourceFile: file.path, position: index + 1, certificate: summary, cerFile: destination,
            windowsImport: WindowsCertificateImport(fileName: fileName, sha1Fingerprint: summary.sha1Fingerprint))
    }

    /// A folder anyone may write to and someone else owns (like /tmp for a normal user): another user could
    /// swap the `.cer` between this write and the copy to the Kepware host, and Windows would trust their CA.
    static func sharedFolderProblem(_ folder: String, userID: uid_t = geteuid()) -> String? {
        var info = stat()
        guard stat(folder, &info) == 0 else { return nil }
        let worldWritable = info.st_mode & 0o002 != 0  // S_IWOTH
        guard worldWritable, info.st_uid != userID else { return nil }
        return "\(folder): anyone may write to this folder and another user owns it, so the .cer could be swapped before it reaches the Kepware host; export into a folder of your own (mkdir -m 700 ~/kepedge-export; --out ~/kepedge-export)"
    }

    /// `…/azure-iot-test-only.root.ca.cert.pem` → `azure-iot-test-only.root.ca.cert.cer`.
    static func cerFileName(for path: String) -> String {
        let url = URL(fileURLWithPath: path)
        let known = ["pem", "crt", "cer", "der"]
        let base = known.contains(url.pathExtension.lowercased()) ? url.deletingPathExtension().lastPathComponent : url.lastPathComponent
        return (base.isEmpty ? "certificate" : base) + ".cer"
    }
}
