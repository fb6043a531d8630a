// scaled_exp on four lanes: this file alone is compiled with -mavx2 (engine/CMakeLists.txt),
// without -mfma, so each lane does what the baseline's two lanes do. It is called only
// after __builtin_cpu_supports("avx2").
//
// No AVX2 code may stand in for a function other files share: an inline function of Eigen's
// emitted here (a weak symbol) could be the copy the linker keeps for the whole program. So
// Eigen's packet functions are forced inline (EIGEN_STRONG_INLINE, which Eigen lets a file
// define, is plain `inline` on GCC otherwise), and the file is compiled with -O2 in every
// build type (at -O0 nothing is inlined). tests/support/check_avx2_object.cmake checks the
// object for weak symbols.
#define EIGEN_STRONG_INLINE inline __attribute__((always_inline))

#include "vector_exp.hpp"

#include "vector_exp_packet.hpp"

#if !defined(__AVX2__) || defined(__FMA__)
#error "vector_exp_avx2.cpp must be compiled with -mavx2 and without -mfma"
#endif

namespace carecast::engine::kernel::detail {

void scaled_exp_avx2(const double* x, double scale, const double* times, int n, double* out) {
  scaled_exp_packets<Eigen::internal::Packet4d>(x, scale, times, n, out);
}

}  // namespace carecast::engine::kernel::detail
