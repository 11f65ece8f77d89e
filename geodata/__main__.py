from geodata.cli import main

raise SystemExit(main())
