/// The version of postlint: in reports, in the cache key, and in `--version`.
public enum PostlintVersion {
    public static let current = "0.1.0"
}
