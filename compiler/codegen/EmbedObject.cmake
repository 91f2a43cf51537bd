# cmake -DINPUT=FILE -DOUTPUT=FILE.cpp -DSYMBOL=NAME -P EmbedObject.cmake
# Writes FILE's bytes as `const unsigned char dlc::NAME[]` and its size as
# `dlc::NAME_size`, so that dlc carries the object it links into libraries.
file(READ "${INPUT}" bytes HEX)
string(LENGTH "${bytes}" digits)
math(EXPR size "${digits} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${bytes}")
string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n"
       bytes "${bytes}")
file(WRITE "${OUTPUT}"
     "// Generated from ${INPUT} by EmbedObject.cmake.\n#include <cstddef>\n\n"
     "namespace dlc {\nextern const unsigned char ${SYMBOL}[] = {\n${bytes}};\n"
     "extern const std::size_t ${SYMBOL}_size = ${size};\n} // namespace dlc\n")
