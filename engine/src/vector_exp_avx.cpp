// scaled_exp on four lanes (AVX). This file alone is compiled with -mavx and without FMA
// (engine/CMakeLists.txt); it is called only after __builtin_cpu_supports("avx").
// It defines nothing but scaled_exp_avx: tests/support/check_wide_objects.cmake checks the
// object for weak symbols (an inline function compiled for AVX that the linker kept for the
// whole program would stop a processor without AVX).
#include "vector_exp.hpp"

#include "vector_exp_packet.hpp"

#include <immintrin.h>
#include <sleef.h>

#if !defined(__AVX__) || defined(__AVX2__) || defined(__FMA__)
#error "vector_exp_avx.cpp must be compiled with -mavx, without -mavx2 and -mfma"
#endif

namespace carecast::engine::kernel::detail {

void scaled_exp_avx(const double* x, double scale, const double* times, int n, double* out) {
  scaled_exp_lanes<4>([](__m256d v) { return Sleef_cinz_expd4_u10avx(v); }, x, scale, times, n, out);
}

}  // namespace carecast::engine::kernel::detail
