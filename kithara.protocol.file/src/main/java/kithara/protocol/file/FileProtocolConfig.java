package kithara.protocol.file;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration Admin settings of the {@code file} protocol (PID {@code kithara.protocol.file}). */
@ObjectClassDefinition(name = "Kithara File Protocol", description = "Progressive HTTP downloads and local files.")
public @interface FileProtocolConfig {

    /** How far the download may run ahead of the reader before it pauses, in bytes. */
    @AttributeDefinition(description = "Look-ahead: bytes the download may run ahead of the reader", min = "65536")
    long lookAheadBytes() default 2L << 20;

    /** How long opening a remote file may wait for the first response, in milliseconds. */
    @AttributeDefinition(description = "Longest wait for the first response when opening (ms)", min = "1")
    long openTimeoutMs() default 30_000;
}
