# Runs `meute gen` twice with one seed on the bundled corpus: the files must be
# byte-identical, and every generated record must validate (meute gen's own
# reader check happens in `meute index` tests).
file(MAKE_DIRECTORY ${OUT})
foreach(run a b)
  execute_process(COMMAND ${MEUTE} gen --docs 2000 --seed 11 --out ${OUT}/${run}.jsonl
                  RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "meute gen failed (${rc}): ${err}")
  endif()
endforeach()
file(SHA256 ${OUT}/a.jsonl ha)
file(SHA256 ${OUT}/b.jsonl hb)
if(NOT ha STREQUAL hb)
  message(FATAL_ERROR "same seed, different output")
endif()
file(STRINGS ${OUT}/a.jsonl lines)
list(LENGTH lines n)
if(NOT n EQUAL 2000)
  message(FATAL_ERROR "expected 2000 records, got ${n}")
endif()
