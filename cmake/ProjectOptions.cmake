# ghgtrack_project_options: what the project's own code (tests, benchmarks,
# bindings, tools) is built with. Never linked into the exported target.
add_library(ghgtrack_project_options INTERFACE)
if(MSVC)
  target_compile_options(ghgtrack_project_options INTERFACE /W4 $<$<BOOL:${GHGTRACK_WERROR}>:/WX>)
else()
  target_compile_options(ghgtrack_project_options INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion
    -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Woverloaded-virtual
    $<$<BOOL:${GHGTRACK_WERROR}>:-Werror>)
endif()
if(GHGTRACK_SANITIZE)
  target_compile_options(ghgtrack_project_options INTERFACE
    -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_link_options(ghgtrack_project_options INTERFACE -fsanitize=address,undefined)
endif()

# Third-party headers are included as SYSTEM so their warnings never fail our build.
function(ghgtrack_own_target tgt)
  target_link_libraries(${tgt} PRIVATE ghgtrack::ghgtrack ghgtrack_project_options)
endfunction()
