import Foundation

/// The proxy named by the environment for a URL, as curl reads it: `https_proxy` (or
/// `HTTPS_PROXY`) for https, `http_proxy` for http (the upper-case form is not read for http,
/// as curl does not, since CGI sets `HTTP_PROXY` from a request header), `all_proxy` otherwise,
/// and none for hosts listed in `no_proxy`.
///
/// `HTTPFetcher` hands the result to URLSession as its `connectionProxyDictionary` (empty when
/// there is no proxy, so the system's proxy settings are not used either). On Linux,
/// FoundationNetworking ignores that dictionary and leaves the proxy to libcurl, which reads
/// these same variables from the process's environment by the same rules (http_proxy in lower
/// case only; no_proxy before NO_PROXY; a host, a domain it is in, or `*`), so the proxy there
/// is the one decided here whenever `FetchSettings.environment` is the process's, as it is for
/// `quire fetch` and `quire enrich`. curl differs only in corner cases of `no_proxy`: it also
/// takes address ranges (`10.0.0.0/8`), reads neither an entry with a port (`host:8080`) nor a
/// `*` among other entries as this does, and skips an empty `no_proxy` for `NO_PROXY`.
enum ProxySetting {
    /// A proxy server, and the credentials its URL carried.
    struct Proxy: Equatable, Sendable {
        enum Kind: Equatable, Sendable {
            /// An HTTP proxy: requests for http URLs go to it whole, https ones through CONNECT.
            case http
            case socks
        }

        var kind: Kind
        var host: String
        var port: Int
        var username: String?
        var password: String?
    }

    static func proxy(for url: URL, environment: [String: String]) -> Proxy? {
        guard let host = url.host?.lowercased(), !bypasses(host: host, environment: environment) else { return nil }
        let scheme = url.scheme?.lowercased() ?? "http"
        let names =
            scheme == "https"
            ? ["https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"] : ["http_proxy", "all_proxy", "ALL_PROXY"]
        guard let value = names.lazy.compactMap({ environment[$0] }).first(where: { !$0.isEmpty }) else { return nil }
        let address = value.contains("://") ? value : "http://" + value
        guard let proxyURL = URL(string: address), let proxyHost = proxyURL.host else { return nil }
        let username = proxyURL.user.map { $0.removingPercentEncoding ?? $0 }
        let password = username.map { _ in (proxyURL.password ?? "").removingPercentEncoding ?? "" }
        if proxyURL.scheme?.lowercased().hasPrefix("socks") == true {
            return Proxy(kind: .socks, host: proxyHost, port: proxyURL.port ?? 1080)
        }
        return Proxy(kind: .http, host: proxyHost, port: proxyURL.port ?? 80, username: username, password: password)
    }

    /// Whether `no_proxy` (or `NO_PROXY`) lists the host, a domain it is in, or `*`.
    static func bypasses(host: String, environment: [String: String]) -> Bool {
        let list = environment["no_proxy"] ?? environment["NO_PROXY"] ?? ""
        for raw in list.split(separator: ",") {
            var entry = raw.trimmingCharacters(in: .whitespaces).lowercased()
            if entry == "*" { return true }
            if let colon = entry.lastIndex(of: ":"), !entry.contains("]") { entry = String(entry[..<colon]) }
            while entry.hasPrefix(".") { entry.removeFirst() }
            if entry.isEmpty { continue }
            if host == entry || host.hasSuffix("." + entry) { return true }
        }
        return false
    }

    /// `proxy` as a `URLSessionConfiguration.connectionProxyDictionary`, with the keys of
    /// CFNetwork's `kCFNetworkProxies…` constants (not defined on Linux, hence spelt out). The
    /// proxy serves every request of the session, http and https alike (redirects included), as
    /// AsyncHTTPClient's single proxy did; no proxy is an empty dictionary, not nil, which would
    /// mean the system's settings.
    static func connectionProxyDictionary(_ proxy: Proxy?) -> [AnyHashable: Any] {
        guard let proxy else { return [:] }
        switch proxy.kind {
        case .http:
            return [
                "HTTPEnable": 1, "HTTPProxy": proxy.host, "HTTPPort": proxy.port,
                "HTTPSEnable": 1, "HTTPSProxy": proxy.host, "HTTPSPort": proxy.port,
            ]
        case .socks:
            return ["SOCKSEnable": 1, "SOCKSProxy": proxy.host, "SOCKSPort": proxy.port]
        }
    }
}
