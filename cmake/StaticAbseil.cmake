# Links Abseil's static archives (Debian's libabsl-dev ships them beside the
# shared libraries) instead of its ~30 shared libraries: each shared library
# costs every `meute` process an open, mmaps, relocations and symbol lookups
# at start-up (issue 16: Abseil alone was a third of `meute --version`).
# The imported targets keep their names and dependencies; only the file each
# one names changes, from libabsl_X.so.* to libabsl_X.a.
option(MEUTE_STATIC_ABSL "Link Abseil's static archives when they are installed" ON)
if(MEUTE_STATIC_ABSL)
  get_property(meute_absl_dir DIRECTORY PROPERTY IMPORTED_TARGETS)
  foreach(target IN LISTS meute_absl_dir)
    if(NOT target MATCHES "^absl::")
      continue()
    endif()
    get_target_property(type ${target} TYPE)
    if(NOT type STREQUAL "SHARED_LIBRARY")
      continue()
    endif()
    get_target_property(configs ${target} IMPORTED_CONFIGURATIONS)
    foreach(config IN LISTS configs)
      get_target_property(location ${target} IMPORTED_LOCATION_${config})
      string(REGEX REPLACE "\\.so[.0-9]*$" ".a" archive "${location}")
      if(EXISTS "${archive}")
        set_target_properties(${target} PROPERTIES IMPORTED_LOCATION_${config} "${archive}")
        set_property(TARGET ${target} PROPERTY IMPORTED_SONAME_${config})
      endif()
    endforeach()
  endforeach()
endif()
