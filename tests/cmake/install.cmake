# make install: headers, libraries and bpfsim.pc usable by a consumer.
add_test(NAME install/pkg-config
         COMMAND bash ${CMAKE_SOURCE_DIR}/tests/install/check.sh ${CMAKE_BINARY_DIR} ${CMAKE_SOURCE_DIR})
