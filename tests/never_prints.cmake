# Fails when the wiredup library refers to a function that writes to stdout or stderr.
execute_process(COMMAND nm -u -C ${LIBRARY} OUTPUT_VARIABLE symbols RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "nm failed on ${LIBRARY}")
endif()
string(REGEX MATCHALL "[^\n]*( printf| puts| putchar| fputs| fprintf| vprintf| perror| fwrite|std::cout|std::cerr|std::clog)[^\n]*"
       hits "${symbols}")
if(hits)
  message(FATAL_ERROR "the library must not print, but refers to:\n${hits}")
endif()
message(STATUS "no printing symbols in ${LIBRARY}")
