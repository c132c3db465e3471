import Foundation

/// The random numbers of a randomised test: SplitMix64 from a seed, so that a failure can be
/// run again. The seed is `POSTLINT_TEST_SEED` when set, else new each run; either way it is
/// printed with the test's name.
struct SeededRandom: RandomNumberGenerator {
    let seed: UInt64
    private var state: UInt64

    init(_ test: String = #function) {
        let given = ProcessInfo.processInfo.environment["POSTLINT_TEST_SEED"].flatMap { UInt64($0) }
        seed = given ?? UInt64.random(in: 0...UInt64.max)
        state = seed
        print("\(test): seed \(seed) (POSTLINT_TEST_SEED=\(seed) repeats it)")
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
