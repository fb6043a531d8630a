// The exponential of an array, vectorised, with the same bits on every x86-64 processor.
// Internal to the engine (healthy ageing's factor exp(η·L), kernel::weigh_by_mortality_ratio).
#pragma once

namespace carecast::engine::kernel {

// out[i] = exp(scale · x[i]) for i in [0, n), every element by a table-driven exponential
// (Tang 1989, as in glibc's exp: 2^(k + j/128) times a degree-5 polynomial of e^r,
// |r| ≤ ln2/256; engine/src/vector_exp_lanes.hpp): within 1.25 ulp of the exact value on
// [−708, 708] (tests/test_kernel.cpp measures it against expl). Arguments are clamped to
// [−708, 708], so below −708 (−∞ included) the result is e^−708 ≈ 3.3e-308, not the denormal
// or 0 of std::exp (healthy ageing's η·L never comes near). NaN gives NaN.
// An array whose length is not a multiple of the lanes takes its last elements through the
// same lane code (padded), not through std::exp, so no element's value depends on its place
// or on the length.
//
// Why not a library's: Eigen's packet exp (used until December 2026) costs about twice as much
// (a rational approximation with a division: 2.2 against 1.2 ns a value on four lanes),
// and glibc's vector exp (libmvec) picks its own AVX2 or SSE4 variant, which give different
// bits (docs/performance.md, "The ninth round" and "The tenth round").
//
// On x86-64 the lanes are four doubles (AVX2) where the processor has AVX2, else two (SSE2):
// the same operations per lane and no fused multiply-add, so both give the same bits (a test
// compares them), and results stay identical across the machines of a cluster. `x` and `out`
// may be the same array; n ≤ 0 does nothing. Throws nothing.
void scaled_exp(const double* x, double scale, int n, double* out);

namespace detail {
// The two implementations behind scaled_exp, for the test that compares them. The AVX2 one
// exists on x86-64 only and must be called only where has_avx2() is true.
void scaled_exp_baseline(const double* x, double scale, int n, double* out);
void scaled_exp_avx2(const double* x, double scale, int n, double* out);
bool has_avx2();
// 2^(j/128) for j in [0, 128), each the double nearest the exact value (vector_exp.cpp).
extern const double kExp2Fraction[128];
}  // namespace detail

}  // namespace carecast::engine::kernel
