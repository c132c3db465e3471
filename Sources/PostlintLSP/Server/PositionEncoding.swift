/// How a position's `character` counts: UTF-16 code units (the protocol's default) or UTF-8
/// bytes, when the client offers them (postlint's own offsets are bytes).
public enum PositionEncoding: String, Sendable {
    case utf16 = "utf-16"
    case utf8 = "utf-8"

    /// The encoding to use given what the client offers: UTF-8 when offered, else UTF-16.
    public static func negotiate(_ offered: [String]?) -> PositionEncoding {
        offered?.contains(PositionEncoding.utf8.rawValue) == true ? .utf8 : .utf16
    }
}
