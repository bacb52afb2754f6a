import QuireCore

/// Checks every URL a source gives (Hugging Face's `githubRepo`, `projectPage`, `thumbnail`
/// and `mediaUrls`, a note's `url`) before the model keeps it, so that only good URLs reach a
/// page's `href`.
enum SourceURL {
    /// `text` as a link: whitespace inside it removed (a URL broken over lines, such as
    /// `https://github.com/a/\nb`, is one URL), then kept only when it is an absolute http(s) URL
    /// with a host and holds nothing that could break out of an attribute (`"`, `<`, `>`, `` ` ``,
    /// a control character). Nil otherwise; the caller reports it with the file and place.
    static func checked<Text: StringProtocol>(_ text: Text) -> String? {
        let joined = String(String.UnicodeScalarView(text.unicodeScalars.filter { !$0.properties.isWhitespace }))
        let lowered = joined.lowercased()
        guard let scheme = ["https://", "http://"].first(where: lowered.hasPrefix) else { return nil }
        let host = joined.dropFirst(scheme.count).prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let breaksOut = joined.unicodeScalars.contains {
            $0.value < 0x20 || $0.value == 0x7F || $0 == "\"" || $0 == "<" || $0 == ">" || $0 == "`"
        }
        return host.isEmpty || breaksOut ? nil : joined
    }
}
