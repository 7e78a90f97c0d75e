from ltfu.cli import main

raise SystemExit(main())
