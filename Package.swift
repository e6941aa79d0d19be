// swift-tools-version:6.1
// mmpipe — multiple-myeloma CRF pipeline: ingest → map → validate → derive → emit.
// The folder tree under Sources/ is the architecture: each stage is one module and
// imports only the model and the stages before it.
import PackageDescription

let package = Package(
    name: "mmpipe",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "mmpipe", targets: ["mmpipe"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
    ],
    targets: [
        // System-library shims (Debian: libcsv-dev, libxml2-dev, libsqlite3-dev, libssl-dev, libpq-dev).
        .systemLibrary(name: "CLibCSV", path: "Sources/CLibCSV"),
        .systemLibrary(name: "CLibXML2", path: "Sources/CLibXML2", pkgConfig: "libxml-2.0",
                       providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3",
                       providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CCrypto", path: "Sources/CCrypto", pkgConfig: "libcrypto",
                       providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CLibPQ", path: "Sources/CLibPQ", pkgConfig: "libpq",
                       providers: [.apt(["libpq-dev"])]),

        // The clinical model: value types shared by every stage.
        .target(name: "MMModel", path: "Sources/Model"),
        // Stages, in data-flow order.
        .target(name: "MMIngest", dependencies: ["MMModel", "CLibCSV", "CLibXML2"], path: "Sources/Ingest"),
        .target(name: "MMMap", dependencies: ["MMModel", "MMIngest", "Yams"], path: "Sources/Map"),
        .target(name: "MMValidate", dependencies: ["MMModel", "MMIngest"], path: "Sources/Validate"),
        .target(name: "MMDerive", dependencies: ["MMModel"], path: "Sources/Derive"),
        .target(name: "MMEmit", dependencies: ["MMModel", "CSQLite", "CCrypto"], path: "Sources/Emit"),
        // The network's store: an emitted run loaded into PostgreSQL (SPEC 10).
        .target(name: "MMStore", dependencies: ["MMEmit", "CSQLite", "CLibPQ"], path: "Sources/Store"),
        .target(name: "MMPipeline",
                dependencies: ["MMModel", "MMIngest", "MMMap", "MMValidate", "MMDerive", "MMEmit", "MMStore"],
                path: "Sources/Pipeline"),
        // Tools beside the pipeline.
        .target(name: "MMSynth", dependencies: ["MMModel"], path: "Sources/Synth"),
        // Regression and tests shared by summarize and compare (Foundation only).
        .target(name: "MMStats", path: "Sources/Stats"),
        .target(name: "MMSummary", dependencies: ["MMModel", "MMIngest", "MMStats", "Yams"], path: "Sources/Summary"),
        // What a site needs to collect data in the reference layout (SPEC 10).
        .target(name: "MMTemplate", dependencies: ["MMModel", "MMMap"], path: "Sources/Template"),
        // The comparative analysis of two arms (SPEC 9).
        .target(name: "MMCompare", dependencies: ["MMModel", "MMSummary", "MMStats"], path: "Sources/Compare"),
        // The command line: one file per subcommand.
        .executableTarget(name: "mmpipe",
                          dependencies: ["MMModel", "MMIngest", "MMMap", "MMEmit", "MMPipeline", "MMSynth", "MMSummary",
                                         "MMCompare", "MMTemplate",
                                         .product(name: "ArgumentParser", package: "swift-argument-parser")],
                          path: "Sources/mmpipe"),

        .testTarget(name: "ModelTests", dependencies: ["MMModel"], path: "Tests/ModelTests"),
        .testTarget(name: "IngestTests", dependencies: ["MMModel", "MMIngest"], path: "Tests/IngestTests",
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "MapTests", dependencies: ["MMModel", "MMIngest", "MMMap"], path: "Tests/MapTests",
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "ValidateTests", dependencies: ["MMModel", "MMIngest", "MMMap", "MMValidate", "MMEmit", "MMPipeline"],
                    path: "Tests/ValidateTests", resources: [.copy("Fixtures")]),
        .testTarget(name: "DeriveTests", dependencies: ["MMModel", "MMDerive", "MMValidate"], path: "Tests/DeriveTests"),
        .testTarget(name: "EmitTests", dependencies: ["MMModel", "MMEmit", "CSQLite"], path: "Tests/EmitTests"),
        .testTarget(name: "PipelineTests",
                    dependencies: ["MMModel", "MMIngest", "MMMap", "MMValidate", "MMEmit", "MMPipeline", "MMSynth"],
                    path: "Tests/PipelineTests"),
        .testTarget(name: "SynthTests", dependencies: ["MMModel", "MMSynth", "MMPipeline"], path: "Tests/SynthTests"),
        .testTarget(name: "StoreTests", dependencies: ["MMModel", "MMStore", "MMPipeline", "MMSynth", "CSQLite"],
                    path: "Tests/StoreTests"),
        .testTarget(name: "TemplateTests", dependencies: ["MMModel", "MMTemplate", "MMMap", "MMIngest", "MMPipeline"],
                    path: "Tests/TemplateTests"),
        .testTarget(name: "StatsTests", dependencies: ["MMStats"], path: "Tests/StatsTests",
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "CompareTests", dependencies: ["MMCompare", "MMSummary", "MMStats"], path: "Tests/CompareTests",
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "SummaryTests", dependencies: ["MMModel", "MMIngest", "MMSummary", "MMStats"],
                    path: "Tests/SummaryTests", resources: [.copy("Fixtures")]),
    ],
    swiftLanguageModes: [.v6]
)
