import QuireCore

/// The script `quire serve` adds to every HTML page it serves (never to a built site), and the
/// page it shows while no build has succeeded yet.
enum LiveReload {
    static let eventsPath = "/__quire/events"
    static let scriptPath = "/__quire/live-reload.js"

    /// The tag added before `</body>`: the script, told which build the page belongs to.
    static func tag(build: String?) -> String {
        "<script src=\"\(scriptPath)\" data-build=\"\(build ?? "")\"></script>\n"
    }

    /// Inserts the script tag before the last `</body>` of a page, or at its end when it has none.
    static func inject(into html: [UInt8], build: String?) -> [UInt8] {
        let tag = Array(tag(build: build).utf8)
        let closing = Array("</body>".utf8)
        var index = html.count - closing.count
        while index >= 0 {
            if html[index] == 0x3C, html[index..<(index + closing.count)].elementsEqual(closing) {
                return Array(html[..<index]) + tag + Array(html[index...])
            }
            index -= 1
        }
        return html + tag
    }

    /// Reloads the page when the site is rebuilt (or the server restarted), and lays the
    /// diagnostics of a failed rebuild over the page until the next good build. Diagnostics are
    /// set as text, never as HTML.
    static let script = """
        // Added by `quire serve`: reloads this page when the site is rebuilt, and shows why a rebuild failed.
        (() => {
          const build = document.currentScript.dataset.build;
          const source = new EventSource("\(eventsPath)");
          let overlay = null;
          source.addEventListener("hello", (event) => {
            const state = JSON.parse(event.data);
            if (state.build && state.build !== build) { location.reload(); return; }
            if (state.failure) { show(state.failure); } else { hide(); }
          });
          source.addEventListener("reload", () => location.reload());
          source.addEventListener("failure", (event) => show(JSON.parse(event.data)));

          function hide() {
            if (overlay) { overlay.remove(); overlay = null; }
          }

          function show(failure) {
            hide();
            overlay = document.createElement("div");
            overlay.id = "quire-build-failure";
            overlay.setAttribute("role", "alert");
            overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;padding:2rem;" +
              "background:rgba(24,24,27,.97);color:#f4f4f5;font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;";
            const close = document.createElement("button");
            close.textContent = "×";
            close.title = "Hide until the next build";
            close.style.cssText = "float:right;font-size:1.5rem;background:none;border:0;color:inherit;cursor:pointer;";
            close.addEventListener("click", hide);
            const title = document.createElement("h2");
            title.textContent = "The site did not build";
            title.style.cssText = "margin:0 0 .5rem;font-size:1.25rem;color:#fca5a5;";
            const reason = document.createElement("p");
            reason.textContent = failure.reason.charAt(0).toUpperCase() + failure.reason.slice(1) +
              ". This page is from the last good build; it reloads when a build succeeds.";
            const list = document.createElement("pre");
            list.style.cssText = "white-space:pre-wrap;margin:1rem 0 0;";
            for (const line of failure.diagnostics) {
              const item = document.createElement("div");
              item.textContent = line;
              item.style.color = line.includes(": error: ") ? "#fca5a5" : (line.includes(": warning: ") ? "#fde68a" : "#d4d4d8");
              list.appendChild(item);
            }
            overlay.append(close, title, reason, list);
            document.body.appendChild(overlay);
          }
        })();

        """

    /// The page served while no build has succeeded: the failure, escaped, and the script.
    static func failurePage(_ failure: PreviewFailure?) -> [UInt8] {
        let reason = failure?.reason ?? "the site has not been built yet"
        let lines = failure?.diagnostics.map { HTMLEscaping.escaped($0.description) }.joined(separator: "\n") ?? ""
        let html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>The site did not build · quire serve</title>
            </head>
            <body>
            <h1>The site did not build</h1>
            <p>\(HTMLEscaping.escaped(reason.prefix(1).uppercased() + reason.dropFirst())). Fix the problems below and save: <code>quire serve</code> rebuilds the site and this page reloads.</p>
            <pre>\(lines)</pre>
            \(tag(build: nil))</body>
            </html>

            """
        return Array(html.utf8)
    }
}
