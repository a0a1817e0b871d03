/// The product's version, shown by `kepedge --version` and written into session files.
public enum KepEdgeVersion {
    public static let current = "0.1.0"
}
