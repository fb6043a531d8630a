// The exponential of an array, vectorised, with the same bits on every processor.
// Internal to the engine (healthy ageing's factor exp(η·L), kernel::weigh_by_mortality_ratio).
#pragma once

namespace carecast::engine::kernel {

// out[i] = exp(scale · x[i]) for i in [0, n), or times[i] · exp(scale · x[i]) where `times` is
// given (the product in the same loop: the same bits as multiplying afterwards).
//
// The exponential is SLEEF's (Debian libsleef-dev 3.5; Shibata and Petrogalli, "SLEEF: A
// Portable Vectorized Library of C Standard Mathematical Functions", IEEE TPDS 31(6), 2020),
// its deterministic variants without fused multiply-add ("cinz": Sleef_cinz_expd2_u10sse2,
// …expd4_u10avx, …expd8_u10avx512fnofma, …expd1_u10purec), which give the same bits on every
// vector width: error at most 1.0 ulp; 0 below about −745 and +∞ above 709.78, as std::exp;
// NaN gives NaN. On x86-64 the widest the processor has is chosen once, at the first call:
// eight lanes (AVX-512F), four (AVX) or two (SSE2, the baseline); other processors take the
// scalar variant. So results stay identical across the machines of a cluster (a test compares
// the widths). An array whose length is not a multiple of the width takes its last elements
// through the same vector code (padded), so no element's value depends on its place or on the
// length. `x`, `times` and `out` may be the same array; n ≤ 0 does nothing. Throws nothing.
void scaled_exp(const double* x, double scale, int n, double* out, const double* times = nullptr);

namespace detail {
// The implementations behind scaled_exp, for the test that compares them. The AVX and
// AVX-512 ones may be called only where has_avx() and has_avx512() are true (elsewhere than
// x86-64 they are the baseline).
void scaled_exp_baseline(const double* x, double scale, const double* times, int n, double* out);
void scaled_exp_avx(const double* x, double scale, const double* times, int n, double* out);
void scaled_exp_avx512(const double* x, double scale, const double* times, int n, double* out);
bool has_avx();
bool has_avx512();
}  // namespace detail

}  // namespace carecast::engine::kernel
