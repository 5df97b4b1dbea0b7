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
if(YTM_SANITIZE)
  target_compile_options(ytm_options INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(ytm_options INTERFACE -fsanitize=address,undefined)
endif()
