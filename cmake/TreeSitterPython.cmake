# The tree-sitter-python grammar: Debian has no package for it, so its
# generated C sources are taken from the npm registry's tarball at a pinned
# version (LANGUAGE_VERSION 14: Debian's tree-sitter 0.20.7 loads ABI 13-14),
# verified by sha256, unpacked into the build tree and built here. Nothing of
# it is committed. Offline: -DLANEMERGE_GRAMMAR_TARBALL=/path/to/the.tgz

set(TS_PYTHON_VERSION 0.23.6)
set(TS_PYTHON_SHA256 aab5b860d93dbf84b37fed532f7dacc0468ede5387d0c74911d68f964287662a)
set(LANEMERGE_GRAMMAR_TARBALL "" CACHE FILEPATH "tree-sitter-python-${TS_PYTHON_VERSION}.tgz to use instead of npm pack")

set(_deps ${PROJECT_BINARY_DIR}/_deps)
set(_tgz ${_deps}/tree-sitter-python-${TS_PYTHON_VERSION}.tgz)
set(_src ${_deps}/tree-sitter-python-${TS_PYTHON_VERSION})
file(MAKE_DIRECTORY ${_deps})

if(LANEMERGE_GRAMMAR_TARBALL)
  configure_file(${LANEMERGE_GRAMMAR_TARBALL} ${_tgz} COPYONLY)
endif()
if(EXISTS ${_tgz})
  file(SHA256 ${_tgz} _have)
  if(NOT _have STREQUAL TS_PYTHON_SHA256)
    file(REMOVE ${_tgz})
  endif()
endif()
if(NOT EXISTS ${_tgz})
  find_program(NPM_EXECUTABLE npm)
  if(NOT NPM_EXECUTABLE)
    message(FATAL_ERROR "npm is needed once to fetch tree-sitter-python@${TS_PYTHON_VERSION} "
                        "(apt-get install npm), or pass -DLANEMERGE_GRAMMAR_TARBALL=<tgz>")
  endif()
  message(STATUS "Fetching tree-sitter-python@${TS_PYTHON_VERSION} with npm pack")
  execute_process(COMMAND ${NPM_EXECUTABLE} pack --ignore-scripts --silent tree-sitter-python@${TS_PYTHON_VERSION}
                  WORKING_DIRECTORY ${_deps} RESULT_VARIABLE _rc OUTPUT_QUIET ERROR_VARIABLE _err)
  if(NOT _rc EQUAL 0 OR NOT EXISTS ${_tgz})
    message(FATAL_ERROR "npm pack tree-sitter-python@${TS_PYTHON_VERSION} failed: ${_err}")
  endif()
endif()
file(SHA256 ${_tgz} _have)
if(NOT _have STREQUAL TS_PYTHON_SHA256)
  file(REMOVE ${_tgz})
  message(FATAL_ERROR "tree-sitter-python tarball sha256 mismatch: ${_have} (want ${TS_PYTHON_SHA256})")
endif()
if(NOT EXISTS ${_src}/src/parser.c)
  file(ARCHIVE_EXTRACT INPUT ${_tgz} DESTINATION ${_src}.tmp PATTERNS package/src package/LICENSE)
  file(REMOVE_RECURSE ${_src})
  file(RENAME ${_src}.tmp/package ${_src})
  file(REMOVE_RECURSE ${_src}.tmp)
endif()
file(STRINGS ${_src}/src/parser.c _abi REGEX "^#define LANGUAGE_VERSION ")
if(NOT _abi MATCHES "LANGUAGE_VERSION (13|14)$")
  message(FATAL_ERROR "tree-sitter-python ${TS_PYTHON_VERSION}: unsupported ABI (${_abi})")
endif()

add_library(tree_sitter_python STATIC ${_src}/src/parser.c ${_src}/src/scanner.c)
set_target_properties(tree_sitter_python PROPERTIES C_STANDARD 11 POSITION_INDEPENDENT_CODE ON)
# The grammar's own parser.h, not /usr/include/tree_sitter/parser.h.
target_include_directories(tree_sitter_python PRIVATE ${_src}/src)
target_compile_options(tree_sitter_python PRIVATE -w)
