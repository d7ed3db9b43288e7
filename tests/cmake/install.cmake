# make install: headers, libraries and bpfsim.pc usable by a consumer. A
# sanitizer build's library needs the consumer built with the same runtime.
add_test(NAME install/pkg-config
         COMMAND bash ${CMAKE_SOURCE_DIR}/tests/install/check.sh ${CMAKE_BINARY_DIR} ${CMAKE_SOURCE_DIR}
                 "${BPFSIM_SANITIZE}")
