# Java calls the C API through the Foreign Function & Memory API, final in
# JDK 22. Skipped (with the reason) when no such JDK is installed.
if(NOT JAVA)
  message("SKIPPED: no java found; the Java FFM example needs a JDK >= 22")
  return()
endif()
execute_process(COMMAND ${JAVA} -version ERROR_VARIABLE _v OUTPUT_VARIABLE _o)
string(REGEX MATCH "version \"([0-9]+)" _m "${_v}${_o}")
set(_major "${CMAKE_MATCH_1}")
if(NOT _major OR _major LESS 22)
  message("SKIPPED: Java FFM needs a JDK >= 22; found java ${_major}")
  return()
endif()
message(FATAL_ERROR "a JDK ${_major} is present but the Java FFM example is not written yet")
