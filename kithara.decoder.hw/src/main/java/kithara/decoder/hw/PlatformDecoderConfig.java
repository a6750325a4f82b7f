package kithara.decoder.hw;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the platform decoder (PID {@code kithara.decoder.hw}). */
@ObjectClassDefinition(name = "Kithara platform decoder", description = "The platform's decoders as a DecoderProvider")
@interface PlatformDecoderConfig {

    @AttributeDefinition(description = "Register the platform decoder (false keeps it out; FFmpeg decodes everything)")
    boolean enabled() default true;

    @AttributeDefinition(description = "service.ranking of the provider; FFmpeg's is 0, so higher wins")
    int ranking() default 10;
}
