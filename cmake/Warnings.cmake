# Every project target links ytm_options: one place for the language level and warnings.
add_library(ytm_options INTERFACE)
target_compile_features(ytm_options INTERFACE cxx_std_20)
target_compile_options(ytm_options INTERFACE -Wall -Wextra -Wpedantic
  # GCC 12 misreports Asio's coroutine frame allocator as a new/delete mismatch (a false positive).
  $<$<CXX_COMPILER_ID:GNU>:-Wno-mismatched-new-delete>)
# Asio and Beast are compiled once, in lib/net/asio_impl.cpp, instead of in every file that includes them.
target_compile_definitions(ytm_options INTERFACE
  BOOST_ASIO_SEPARATE_COMPILATION BOOST_BEAST_SEPARATE_COMPILATION BOOST_ASIO_NO_DEPRECATED
  YTM_VERSION="${PROJECT_VERSION}")

option(YTM_SANITIZE "Build with AddressSanitizer and UBSan" OFF)
# The libFuzzer targets in fuzz/: clang only, every library instrumented for coverage and sanitised.
option(YTM_FUZZ "Build the fuzz targets (CC=clang-14 CXX=clang++-14, in a build folder of its own)" OFF)
if(YTM_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "YTM_FUZZ needs clang: CC=clang-14 CXX=clang++-14 cmake -DYTM_FUZZ=ON …")
  endif()
  set(YTM_SANITIZE ON)
  target_compile_options(ytm_options INTERFACE -fsanitize=fuzzer-no-link)
endif()
if(YTM_SANITIZE)
  target_compile_options(ytm_options INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(ytm_options INTERFACE -fsanitize=address,undefined)
endif()

# Debian's hardening (what dpkg-buildflags gives with hardening=+all): fortified libc calls, a
# stack protector, format-string checks, relocations read-only and bound at start (lintian
# checks for the first and the last). Not with the sanitizers, which replace the same calls.
if(NOT YTM_SANITIZE)
  target_compile_options(ytm_options INTERFACE -fstack-protector-strong -Wformat -Werror=format-security)
  # _FORTIFY_SOURCE needs the optimiser: not in Debug builds.
  target_compile_definitions(ytm_options INTERFACE $<$<NOT:$<CONFIG:Debug>>:_FORTIFY_SOURCE=2>)
  target_link_options(ytm_options INTERFACE LINKER:-z,relro LINKER:-z,now)
endif()
