# meute_library(NAME SRCS ... [PUBLIC_DEPS ...] [PRIVATE_DEPS ...])
# Every library includes from the repository root and gets the project's warnings.
function(meute_library name)
  cmake_parse_arguments(ARG "" "" "SRCS;PUBLIC_DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SRCS})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(${name} PUBLIC ${ARG_PUBLIC_DEPS} PRIVATE ${ARG_PRIVATE_DEPS} meute_warnings)
endfunction()

# meute_test(NAME SRCS ... DEPS ... [ENV VAR=VALUE ...])
# A GoogleTest binary whose tests ctest discovers one by one.
function(meute_test name)
  if(NOT MEUTE_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(ARG "" "" "SRCS;DEPS;ENV" ${ARGN})
  add_executable(${name} ${ARG_SRCS})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gmock_main meute_warnings)
  gtest_discover_tests(${name}
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
    PROPERTIES ENVIRONMENT
      "MEUTE_SOURCE_DIR=${PROJECT_SOURCE_DIR};MEUTE_PLUGIN_DIR=${MEUTE_PLUGIN_BUILD_DIR};${ARG_ENV}"
    DISCOVERY_TIMEOUT 60)
endfunction()

# meute_benchmark(NAME SRCS ... DEPS ...): only with MEUTE_BUILD_BENCHMARKS.
function(meute_benchmark name)
  if(NOT MEUTE_BUILD_BENCHMARKS)
    return()
  endif()
  cmake_parse_arguments(ARG "" "" "SRCS;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SRCS})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} benchmark::benchmark_main meute_warnings)
endfunction()
