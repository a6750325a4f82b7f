package kithara.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

class KitharaCliTest {

    @Test
    void eachCommandIsKeyedByItsOwnName() {
        KitharaCli.commands(null).forEach((name, command) ->
                assertEquals(name, new CommandLine(command.get()).getCommandName()));
    }

    @Test
    void theCommandIsTheFirstArgumentThatIsNeitherAnOptionNorTheValueOfSet() {
        assertEquals(Optional.of("decode"), KitharaCli.commandName(new String[] {"--set", "a.b=c", "decode", "x.mp3"}));
        assertEquals(Optional.of("info"), KitharaCli.commandName(new String[] {"--set=a.b=c", "info", "--set"}));
        assertEquals(Optional.of("help"), KitharaCli.commandName(new String[] {"help", "decode"}));
        assertEquals(Optional.empty(), KitharaCli.commandName(new String[] {"--help"}));
        assertEquals(Optional.empty(), KitharaCli.commandName(new String[] {"--set", "decode"}));
    }
}
