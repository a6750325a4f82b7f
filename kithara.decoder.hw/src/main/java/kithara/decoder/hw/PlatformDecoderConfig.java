package kithara.decoder.hw;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the platform decoder (PID {@code kithara.decoder.hw}). */
@ObjectClassDefinition(name = "Kithara platform decoder", description = "The platform's decoders as a DecoderProvider")
@interface PlatformDecoderConfig {

    @AttributeDefinition(description = "Register the platform decoder (false keeps it out; FFmpeg decodes everything)")
    boolean enabled() default true;

    @AttributeDefinition(description = "service.ranking of the provider (FFmpeg's is 0, higher wins); empty chooses: 10 for"
            + " decoders on dedicated hardware, -10 for software ones, which FFmpeg runs faster (the platform then decodes"
            + " what FFmpeg lacks, and takes over when FFmpeg goes away)", required = false)
    String ranking() default "";
}
