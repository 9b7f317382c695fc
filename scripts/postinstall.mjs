console.log("postinstall: placeholder-free no-op until build wiring lands");
