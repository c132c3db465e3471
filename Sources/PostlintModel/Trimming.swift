extension String {
    /// The text without leading and trailing Unicode white space (ideographic space included),
    /// without going through Foundation's `NSString` bridge, which is slow on CJK text.
    public var trimmingWhitespace: Substring {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return self[first...last]
    }
}
