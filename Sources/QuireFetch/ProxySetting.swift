import AsyncHTTPClient
import Foundation

/// The proxy named by the environment for a URL, as curl reads it: `https_proxy` (or
/// `HTTPS_PROXY`) for https, `http_proxy` for http (the upper-case form is not read for http,
/// as curl does not, since CGI sets `HTTP_PROXY` from a request header), `all_proxy` otherwise,
/// and none for hosts listed in `no_proxy`. AsyncHTTPClient takes a proxy but does not read the
/// environment itself.
enum ProxySetting {
    static func proxy(for url: URL, environment: [String: String]) -> HTTPClient.Configuration.Proxy? {
        guard let host = url.host?.lowercased(), !bypasses(host: host, environment: environment) else { return nil }
        let scheme = url.scheme?.lowercased() ?? "http"
        let names = scheme == "https" ? ["https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"] : ["http_proxy", "all_proxy", "ALL_PROXY"]
        guard let value = names.lazy.compactMap({ environment[$0] }).first(where: { !$0.isEmpty }) else { return nil }
        let address = value.contains("://") ? value : "http://" + value
        guard let proxyURL = URL(string: address), let proxyHost = proxyURL.host else { return nil }
        let authorization = proxyURL.user.map { user in
            HTTPClient.Authorization.basic(username: user.removingPercentEncoding ?? user,
                                           password: (proxyURL.password ?? "").removingPercentEncoding ?? "")
        }
        if proxyURL.scheme?.lowercased().hasPrefix("socks") == true {
            return .socksServer(host: proxyHost, port: proxyURL.port ?? 1080)
        }
        return .server(host: proxyHost, port: proxyURL.port ?? 80, authorization: authorization)
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
}
