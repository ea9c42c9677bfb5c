# Builds tests/rust/oslo_status.rs with rustc (std only, no crates) against
# the C API's shared library and runs it on the Oslo data. Skipped (with
# the reason) when rustc is missing or the library is built with sanitizers.
if(NOT RUSTC)
  message("SKIPPED: rustc not found; the Rust FFI example needs a Rust toolchain")
  return()
endif()
if(SANITIZE)
  message("SKIPPED: the library is built with ASan; the Rust example runs in the release build")
  return()
endif()
execute_process(COMMAND ${RUSTC} --edition 2021 -O -o ${OUT} ${SRC} -L native=${LIBDIR} -l dylib=ghgtrack_c
                        -C link-arg=-Wl,-rpath,${LIBDIR}
                RESULT_VARIABLE _rc)
if(NOT _rc EQUAL 0)
  message(FATAL_ERROR "rustc failed (${_rc})")
endif()
execute_process(COMMAND ${OUT} ${CSV} RESULT_VARIABLE _rc)
if(NOT _rc EQUAL 0)
  message(FATAL_ERROR "the Rust program failed (${_rc})")
endif()
