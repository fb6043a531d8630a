// The exponential of an array, vectorised, with the same bits on every x86-64 processor.
// Internal to the engine (healthy ageing's factor exp(η·L), kernel::weigh_by_mortality_ratio).
#pragma once

namespace carecast::engine::kernel {

// out[i] = exp(scale · x[i]) for i in [0, n), or times[i] · exp(scale · x[i]) where `times` is
// given (the product in the same loop: the same bits as multiplying afterwards), every
// element by Eigen's packet exponential
// (Eigen 3.4, GenericPacketMathFunctions.h pexp_double: Cephes' rational approximation on
// [−ln2/2, ln2/2] and a power of two; within 2 ulp of std::exp on [−700, 700],
// tests/test_kernel.cpp). Arguments are clamped to ±709.784, so below about −709.78 the result
// is 5.6e-309, not the denormal or 0 of std::exp (healthy ageing's η·L never comes near; the
// values are the same bits Eigen's Array::exp gave in its packet loop before). NaN gives NaN.
// An array whose length is not a multiple of the packet takes
// its last elements through the same packet code (padded), not through std::exp, so no
// element's value depends on its place or on the length.
//
// On x86-64 the packet is four doubles (AVX2) where the processor has AVX2, else two (SSE2):
// the same operations per lane and no fused multiply-add, so both give the same bits (a test
// compares them), and results stay identical across the machines of a cluster. `x`, `times`
// and `out` may be the same array; n ≤ 0 does nothing. Throws nothing.
void scaled_exp(const double* x, double scale, int n, double* out, const double* times = nullptr);

namespace detail {
// The two implementations behind scaled_exp, for the test that compares them. The AVX2 one
// exists on x86-64 only and must be called only where has_avx2() is true.
void scaled_exp_baseline(const double* x, double scale, const double* times, int n, double* out);
void scaled_exp_avx2(const double* x, double scale, const double* times, int n, double* out);
bool has_avx2();
}  // namespace detail

}  // namespace carecast::engine::kernel
