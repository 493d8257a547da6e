"""The words `briefing draft` uses to find people in an article: titles, honorifics, the
parts of names, and the words that look like names but are not.

Our own lists, from the way wire copy introduces people ("Chinese President Xi Jinping",
"National Assembly Speaker Woo Won-shik", "U.S. Secretary of State Marco Rubio"). The
countries' names are in lexicon.py.
"""

from __future__ import annotations

#: Words that end a title; a name may follow them. Compared in lower case.
TITLE_HEADS = frozenset("""president vice-president president-elect premier chancellor minister
secretary secretary-general speaker king queen prince princess emperor empress sultan emir sheikh
ayatollah pope governor mayor senator sen representative rep ambassador envoy general gen admiral
adm marshal colonel col commander chairman chairwoman chair chief leader director spokesman
spokeswoman spokesperson commissioner judge justice prosecutor monarch lieutenant lt captain capt
executive ceo mr mrs ms dr sir lord lady gov pres amb""".split())
#: Honorifics: they introduce a name but are not a role.
HONORIFICS = frozenset({"mr", "mrs", "ms", "dr", "sir", "lord", "lady"})
#: Abbreviated titles written with a period ("Gen. Smith"), and the role they stand for.
ABBREVIATED = {"gen": "General", "sen": "Senator", "rep": "Representative", "adm": "Admiral",
               "col": "Colonel", "lt": "Lieutenant", "capt": "Captain", "gov": "Governor",
               "pres": "President", "amb": "Ambassador", "mr": "Mr.", "mrs": "Mrs.", "ms": "Ms.", "dr": "Dr."}
#: Lower-case words that may stand in a title before its head ("former prime minister").
ROLE_WORDS = frozenset("""prime foreign deputy vice defense defence finance interior trade home
chief supreme former acting interim first senior top opposition state security national
parliamentary military executive crown grand party army rebel ruling junta""".split()) | TITLE_HEADS
#: Lower-case words between a country and a title that are no part of the role
#: ("Uruguay's outgoing President").
TITLE_MODIFIERS = frozenset("""outgoing incoming newly elected re-elected long-serving longtime
embattled ousted veteran new current late deposed exiled self-declared self-proclaimed caretaker
beleaguered ailing powerful influential""".split())
#: What may follow "Secretary of", "Minister for" before the name.
TITLE_COMPLEMENTS = ("State", "Defense", "Defence", "Foreign Affairs", "the Treasury",
                     "Treasury", "Homeland Security", "Commerce", "Energy", "Health",
                     "the Interior", "Interior", "Justice", "War", "Finance", "Trade",
                     "Education", "Agriculture", "Labor", "Transportation", "the Navy",
                     "the Army", "the Air Force", "Foreign and Commonwealth Affairs")
#: Lower-case particles inside names ("Mohammed bin Salman", "Ursula von der Leyen").
NAME_PARTICLES = frozenset("bin bint ibn al el de da di do dos das del della van von der den du la le".split())
#: Particles written joined to the name that follows ("al-Sisi", "el-Erian").
NAME_PREFIXES = ("al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "ud", "ul", "bin", "ibn", "abu")
#: Titles that may also stand inside a name, between two of its words ("Hassan Sheikh Mohamud").
NAME_INNER_TITLES = frozenset({"Sheikh", "Sheik"})
#: Name suffixes ("Charles III", "Martin Luther King Jr").
NAME_SUFFIXES = frozenset("II III IV V VI XIV XVI Jr Sr".split())
#: Capitalized words that are not part of a person's name.
NOT_NAME = frozenset("""Party Communist Ministry Government Army Navy Force Forces Assembly
Council Court Criminal International National Union Republic Kingdom Federation Day Victory War
World Bank Fund Group Organization Agency Office House Senate Congress Parliament Committee
Commission Cup Games Olympics Summit Forum Road Belt Initiative Great Wall Firewall Corps Guard
Police Company Inc Corporation Airlines News Times Post Daily University Institute Center Centre
Foundation Movement Front Alliance Coalition Treaty Agreement Accord Act Law Constitution Sea
Ocean River Strait Gulf Peninsula Island Islands Province State City Region Department Embassy
Cabinet Administration Revolution Liberation People Democratic Socialist Central Security
Defense Defence Foreign Affairs Health Trade Finance Economic Development Energy Intelligence
Service Services Exchange Stock Market Motors Electronics Nuclear Missile Space Station One Two
Three Olympic Games Prize Award Affairs Minister President Church Catholic Islamic Muslim
Christian Jewish Buddhist North South East West Northern Southern Eastern Western New Old League
Electric Dynamics Staff Officer Officers Street Avenue Square Palace Hall Hospital School College
Academy Club Airport Port Bay Mount Lake Valley Desert Park Tower Bridge Canal Media Television
Radio Network Press Journal Magazine Channel Holdings Partners Capital Trust Systems Oil Gas
Petroleum Steel Mining Motor Airways Shipping Guards Brigade Division Command Council Cathedral
Mosque Temple Stadium Prison Camp Base Fleet Squad Team Bureau Authority Tribunal""".split())
#: Capitalized words that start sentences or clauses and never start a name or a title.
FUNCTION_WORDS = frozenset("""The A An In On At Of For From To With By And But Or Nor As If When
While After Before Since Then Now Also Even Only Both Yet Still However Meanwhile Moreover
Furthermore Ultimately Instead Separately Today Yesterday Tomorrow Monday Tuesday Wednesday
Thursday Friday Saturday Sunday January February March April May June July August September
October November December This That These Those His Her Its Their Our My Your He She It They We
I You Neighbouring Neighboring Landlocked Under Over Across Against Despite Although Though
Unlike Like Last Next Earlier Later Indeed Overall Finally Again Similarly Likewise Nevertheless
Nonetheless Therefore Thus Hence Otherwise Elsewhere Already Perhaps Initially""".split())
#: Chinese and Korean family names (the family name comes first: "Xi" for Xi Jinping).
EAST_ASIAN_SURNAMES = frozenset("""Kim Lee Park Choi Jung Jeong Cho Jo Kang Yoon Yun Jang Lim Han Oh
Seo Shin Kwon Hwang Ahn Song Jeon Hong Ko Moon Yang Son Bae Baek Heo Yoo Nam Sim Noh Ha Kwak Sung
Cha Joo Woo Koo Min Ryu Na Ji Chae Chun Bang Hyun Ban Ri Choe Pak Hyon Li Wang Zhang Liu Chen
Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin Luo Gao Zheng Liang Xie Tang Feng Deng Cao Peng
Zeng Xiao Tian Dong Pan Yuan Cai Jiang Yu Du Ye Cheng Wei Su Lu Ding Ren Shen Yao Jin Fu Zhong
Dai Cui Fan Fang Qiu Xia Tan Shi Jia Zou Xiong Meng Qin Yan Xue Hou Lei Bai Duan Hao Kong Shao
Mao Wan Gu Lai Wen Qian Niu Xing Qi Xi Tsai Hsieh Hsu Chiang Chan Wong Leung Cheung Lam Lau Tse
Tsang""".split())
#: Countries whose people are usually named family name first.
FAMILY_NAME_FIRST = frozenset({"CN", "KP", "KR", "TW", "HK", "MO"})
#: Short names too common as English words to count as a bare mention of a person.
COMMON_WORDS = frozenset("""he she ma sun long song do so to in an oh ha won ye yi hu ding fan fang
bai wan young king ban may will mark case price white black brown green rice lai min na ko
jin ji""".split())
