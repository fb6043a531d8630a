// The loop of scaled_exp over W lanes (GCC's vector extensions), included by vector_exp.cpp
// (the baseline, two lanes: SSE2) and vector_exp_avx2.cpp (four lanes, compiled with -mavx2
// -mno-fma): one definition, two instruction sets, the same operations in every lane. Internal;
// see vector_exp.hpp.
//
// The method is the table-driven exponential of Tang (ACM TOMS 15(2), 1989, "Table-driven
// implementation of the exponential function in IEEE floating-point arithmetic"), in the form
// of Arm's optimized-routines and glibc's exp (N = 128): x = (k + j/128)·ln 2 + r with
// |r| ≤ ln2/256, so e^x = 2^k · 2^(j/128) · e^r; 2^(j/128) from a table of 128 doubles, e^r
// from its Taylor polynomial of degree 5 (the first term left out is r⁶/720 ≤ 6e-19). No
// division and no fused multiply-add: each lane does the same IEEE operations in the same
// order on two lanes and on four, and the scalar elements at the end go through the same lanes.
#pragma once

#include "vector_exp.hpp"

#include <cstdint>
#include <cstring>

namespace carecast::engine::kernel::detail {

// Internal linkage: the AVX2 object must share no function with the rest of the program
// (tests/support/check_avx2_object.cmake).
namespace {

constexpr double kLanesInvLn2N = 0x1.71547652b82fep+7;   // 128/ln 2
constexpr double kLanesRound = 0x1.8p52;                 // adding it rounds to an integer (|k| < 2^51)
constexpr double kLanesLn2HiN = 0x1.62e42fefa0000p-8;    // ln2/128, its leading 37 bits
constexpr double kLanesLn2LoN = 0x1.cf79abc9e3b3ap-47;   // ln2/128 − kLanesLn2HiN
constexpr double kLanesLow = -708.0, kLanesHigh = 708.0;  // e^x stays a normal double

template <int W>
struct Lanes {
  typedef double Real __attribute__((vector_size(8 * W)));
  typedef std::uint64_t Bits __attribute__((vector_size(8 * W)));
};

template <int W>
inline __attribute__((always_inline)) typename Lanes<W>::Real exp_lanes(typename Lanes<W>::Real x) {
  using Real = typename Lanes<W>::Real;
  using Bits = typename Lanes<W>::Bits;
  x = x < kLanesLow ? Real{} + kLanesLow : x;  // NaN compares false both ways and stays NaN
  x = x > kLanesHigh ? Real{} + kLanesHigh : x;
  // k·128 + j = round(x·128/ln 2), read from the low bits of the rounded sum.
  Real rounded = x * kLanesInvLn2N + kLanesRound;
  Bits bits;
  std::memcpy(&bits, &rounded, sizeof bits);
  rounded = rounded - kLanesRound;
  const Real r = (x - rounded * kLanesLn2HiN) - rounded * kLanesLn2LoN;
  const Real r2 = r * r;
  const Real poly = r + r2 * ((0.5 + r * (1.0 / 6.0)) + r2 * ((1.0 / 24.0) + r * (1.0 / 120.0)));  // e^r − 1
  const Bits j = bits & 127;
  Real fraction;
  for (int lane = 0; lane < W; ++lane) fraction[lane] = kExp2Fraction[j[lane]];
  // 2^k·2^(j/128): k added to the table value's exponent field (the bits above the lowest
  // 7 of the rounded integer, modulo 2^12, wrap as two's complement does).
  Bits scaled_bits;
  std::memcpy(&scaled_bits, &fraction, sizeof scaled_bits);
  scaled_bits = scaled_bits + ((bits >> 7) << 52);
  Real scale;
  std::memcpy(&scale, &scaled_bits, sizeof scale);
  return scale + scale * poly;
}

template <int W>
inline __attribute__((always_inline)) void scaled_exp_lanes(const double* x, double scale, int n, double* out) {
  using Real = typename Lanes<W>::Real;
  int i = 0;
  for (; i + W <= n; i += W) {
    Real v;
    std::memcpy(&v, x + i, sizeof v);
    const Real e = exp_lanes<W>(v * scale);
    std::memcpy(out + i, &e, sizeof e);
  }
  if (i < n) {  // the last elements, padded with zeros to whole lanes
    Real v{};
    for (int k = 0; i + k < n; ++k) v[k] = x[i + k];
    const Real e = exp_lanes<W>(v * scale);
    for (int k = 0; i + k < n; ++k) out[i + k] = e[k];
  }
}

}  // namespace
}  // namespace carecast::engine::kernel::detail
