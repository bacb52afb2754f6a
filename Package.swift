// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Quire",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "quire", targets: ["quire"]),
        .library(name: "QuireKit", targets: ["QuireKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
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
        .executableTarget(
            name: "quire",
            dependencies: [
                "QuireKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "QuireKitTests",
            dependencies: [
                "QuireKit",
                // Built with the tests, which run it as a user does (exit status, signals, locks).
                "quire",
                // Feeds are parsed back with libxml2 itself.
                "CLibXML2",
                // The reference Mustache implementation: tests render the theme with it too.
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            exclude: ["Fixtures", "Golden"]
        ),
    ]
)
