/// Quire's version, shown by `--version` and part of every build's fingerprint.
public enum QuireVersion {
    public static let string = "0.1.0"
}
