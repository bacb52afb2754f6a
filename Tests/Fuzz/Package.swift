// swift-tools-version:6.0
// libFuzzer targets for Quire's loader, kept apart from the main package because they only link
// with `-sanitize=fuzzer`, which brings libFuzzer. Build and run them with `make fuzz` from the
// repository root.
import PackageDescription

let package = Package(
    name: "QuireFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "Quire", path: "../..")
    ],
    targets: [
        .target(name: "CFuzzerDriver"),
        .executableTarget(
            name: "FuzzDigestParser",
            dependencies: [
                "CFuzzerDriver",
                .product(name: "QuireCore", package: "Quire"),
                .product(name: "QuireLoading", package: "Quire"),
                // For MarkdownRenderer's escaping.
                .product(name: "QuirePublishing", package: "Quire"),
            ]
        ),
        .executableTarget(
            name: "FuzzConfigLoader",
            dependencies: [
                "CFuzzerDriver", .product(name: "QuireCore", package: "Quire"),
                .product(name: "QuireLoading", package: "Quire"),
            ]
        ),
        // One binary for the JSON, Atom and note loaders: QUIRE_FUZZ_FORMAT says which.
        .executableTarget(
            name: "FuzzSourceLoader",
            dependencies: [
                "CFuzzerDriver", .product(name: "QuireCore", package: "Quire"),
                .product(name: "QuireLoading", package: "Quire"),
            ]
        ),
        .executableTarget(
            name: "FuzzLedger",
            dependencies: [
                "CFuzzerDriver", .product(name: "QuireCore", package: "Quire"),
                .product(name: "QuireLoading", package: "Quire"),
            ]
        ),
    ]
)
