// scaled_exp on eight lanes (AVX-512F). This file alone is compiled with -mavx512f and
// -ffp-contract=off (engine/CMakeLists.txt; clang's -mno-fma would turn AVX-512F off again, and
// the file's own arithmetic is products only, so nothing could be fused); it is called only
// after __builtin_cpu_supports("avx512f").
// It defines nothing but scaled_exp_avx512: tests/support/check_wide_objects.cmake checks the
// object for weak symbols.
#include "vector_exp.hpp"

#include "vector_exp_packet.hpp"

#include <immintrin.h>
#include <sleef.h>

#if !defined(__AVX512F__)
#error "vector_exp_avx512.cpp must be compiled with -mavx512f"
#endif

namespace carecast::engine::kernel::detail {

void scaled_exp_avx512(const double* x, double scale, const double* times, int n, double* out) {
  scaled_exp_lanes<8>([](__m512d v) { return Sleef_cinz_expd8_u10avx512fnofma(v); }, x, scale, times, n, out);
}

}  // namespace carecast::engine::kernel::detail
