// swift-tools-version:6.1
// Quire, a static site generator for curated paper feeds. MIT License: see LICENSE.
import PackageDescription

let package = Package(
    name: "Quire",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "quire", targets: ["quire"]),
        .library(name: "QuireKit", targets: ["QuireKit"]),
        .library(name: "QuireCore", targets: ["QuireCore"]),
        .library(name: "QuireLoading", targets: ["QuireLoading"]),
        .library(name: "QuirePublishing", targets: ["QuirePublishing"]),
        .library(name: "QuireServe", targets: ["QuireServe"]),
        .library(name: "QuireFetch", targets: ["QuireFetch"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // Only for `quire serve`: a small HTTP server on BSD sockets with no dependencies of its own.
        .package(url: "https://github.com/swhitty/FlyingFox", exact: "0.27.1"),
        // Only for the end-to-end tests' loopback server, which misbehaves as real servers do.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .target(name: "CSystemShims"),
        // The site model and what every stage shares: diagnostics, the input boundary, the one
        // reader and writer of files, the title key, site paths, escaping, TeX math. No digest
        // format, no page or feed, no output folder.
        .target(name: "QuireCore", dependencies: ["CSystemShims"]),
        // Digest files, configuration, ledger and pages in; a `Corpus` out. Knows nothing of HTML.
        .target(
            name: "QuireLoading",
            dependencies: ["QuireCore", "CLibXML2", .product(name: "Yams", package: "Yams")]
        ),
        // The model out as pages, feeds, search index and sitemap, into an `OutputSink`.
        .target(name: "QuirePublishing", dependencies: ["QuireCore", "CCmarkGFM", "CLibXML2"]),
        // The output folder: staged, committed atomically, locked; the up-to-date state.
        .target(name: "QuireOutput", dependencies: ["QuireCore", "CSystemShims"]),
        // The pipeline: loading → model → publishing → output, and the default theme, compiled in
        // from Templates/ by the EmbedTheme plugin.
        .target(
            name: "QuireKit",
            dependencies: ["QuireCore", "QuireLoading", "QuirePublishing", "QuireOutput"],
            plugins: ["EmbedTheme"]
        ),
        // Writes Templates/ and the git revision into a Swift file, for the plugin below.
        .executableTarget(name: "quire-embed-theme"),
        .plugin(name: "EmbedTheme", capability: .buildTool(), dependencies: ["quire-embed-theme"]),
        // The preview server, kept out of QuireKit so the core stays free of server code.
        .target(
            name: "QuireServe",
            dependencies: [
                "QuireKit",
                "QuireCore",
                "QuireLoading",
                "QuireOutput",
                .product(name: "FlyingFox", package: "FlyingFox"),
                .product(name: "FlyingSocks", package: "FlyingFox"),
            ]
        ),
        // `quire fetch` and `quire enrich`: the only network client, kept out of QuireKit so the
        // loader stays free of network code. It reads and writes arXiv exports with libxml2.
        .target(
            name: "QuireFetch",
            dependencies: [
                "QuireKit",
                "QuireCore",
                "QuireLoading",
                "CLibXML2",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .executableTarget(
            name: "quire",
            dependencies: [
                "QuireKit",
                "QuireCore",
                "QuireLoading",
                "QuireServe",
                "QuireFetch",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The tests, in three targets as they need more of the program (the fixtures and golden
        // files they share are in Tests/Fixtures and Tests/Golden, outside every target).
        // Helpers more than one test target uses. Nothing network-related: the loopback servers
        // and clients live with the end-to-end tests.
        .target(
            name: "QuireTestSupport",
            dependencies: [
                "QuireCore",
                "QuireLoading",
                // Feeds and sitemaps are parsed back with libxml2 itself.
                "CLibXML2",
            ],
            path: "Tests/QuireTestSupport"
        ),
        // Parsers, keys, math, templates, the model, loaders and writers, in-process on small inputs.
        .testTarget(
            name: "QuireUnitTests",
            dependencies: [
                "QuireTestSupport",
                "QuireCore",
                "QuireLoading",
                "QuirePublishing",
                "QuireOutput",
                // The reference Mustache implementation: tests render the theme with it too.
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        // Whole sites built in-process by SiteBuilder: the example site, golden files, hostile
        // input, the output folder.
        .testTarget(
            name: "QuireSiteTests",
            dependencies: [
                "QuireTestSupport",
                "QuireKit",
                "QuireCore",
                "QuireLoading",
                "QuirePublishing",
                "QuireOutput",
            ]
        ),
        // The `quire` executable as a user runs it, `quire fetch` against a loopback server, the
        // preview server, and the built site in headless Chromium.
        .testTarget(
            name: "QuireEndToEndTests",
            dependencies: [
                "QuireTestSupport",
                "QuireKit",
                "QuireCore",
                "QuireLoading",
                "QuirePublishing",
                "QuireOutput",
                "QuireServe",
                "QuireFetch",
                // Built with the tests, which run it as a user does (exit status, signals, locks).
                "quire",
                // The GitHub Actions workflow in docs/ is read back as YAML.
                .product(name: "Yams", package: "Yams"),
                // The loopback server `quire fetch` is tested against.
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
    ]
)
