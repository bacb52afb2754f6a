// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Quire",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "quire", targets: ["quire"]),
        .library(name: "QuireKit", targets: ["QuireKit"]),
        .library(name: "QuireServe", targets: ["QuireServe"]),
        .library(name: "QuireFetch", targets: ["QuireFetch"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // Only for `quire serve`; its swift-configuration support is not needed (and costs build time).
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0", traits: ["FullFoundation"]),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        // Already needed by Hummingbird and AsyncHTTPClient; named for its time amounts and, in
        // the tests, a loopback server that can misbehave as real servers do.
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
        .target(
            name: "QuireKit",
            dependencies: [
                "CCmarkGFM",
                "CLibXML2",
                "CSystemShims",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // The preview server, kept out of QuireKit so the core stays free of server code.
        .target(
            name: "QuireServe",
            dependencies: [
                "QuireKit",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // `quire fetch` and `quire enrich`: the only network client, kept out of QuireKit so the
        // loader stays free of network code. It reads and writes arXiv exports with libxml2.
        .target(
            name: "QuireFetch",
            dependencies: [
                "QuireKit",
                "CLibXML2",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .executableTarget(
            name: "quire",
            dependencies: [
                "QuireKit",
                "QuireServe",
                "QuireFetch",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "QuireKitTests",
            dependencies: [
                "QuireKit",
                "QuireServe",
                "QuireFetch",
                // Built with the tests, which run it as a user does (exit status, signals, locks).
                "quire",
                // Feeds are parsed back with libxml2 itself.
                "CLibXML2",
                // The reference Mustache implementation: tests render the theme with it too.
                .product(name: "Mustache", package: "swift-mustache"),
                // The GitHub Actions workflow in docs/ is read back as YAML.
                .product(name: "Yams", package: "Yams"),
                // The loopback server `quire fetch` is tested against.
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            exclude: ["Fixtures", "Golden"]
        ),
    ]
)
