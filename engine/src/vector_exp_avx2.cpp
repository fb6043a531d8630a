// scaled_exp on four lanes: this file alone is compiled with -mavx2 (engine/CMakeLists.txt),
// without -mfma, so each lane does what the baseline's two lanes do. It is called only
// after __builtin_cpu_supports("avx2"). Everything it instantiates from Eigen is
// always-inline on Packet4d, so no AVX2 code can stand in for a function other files
// share; tests/support/check_avx2_object.sh checks the object for weak symbols.
#include "vector_exp.hpp"

#include "vector_exp_packet.hpp"

#if !defined(__AVX2__) || defined(__FMA__)
#error "vector_exp_avx2.cpp must be compiled with -mavx2 and without -mfma"
#endif

namespace carecast::engine::kernel::detail {

void scaled_exp_avx2(const double* x, double scale, int n, double* out) {
  scaled_exp_packets<Eigen::internal::Packet4d>(x, scale, n, out);
}

}  // namespace carecast::engine::kernel::detail
